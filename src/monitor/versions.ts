import { formatDiagnostic } from '../lib/diagnostics.js';
import { loadRepoConfig } from '../load/config.js';
import { createGitSource } from '../load/files/git-source.js';
import { loadPromptFolder } from '../load/folder.js';
import type { GuardSet } from '../load/guards.js';
import type { MetricDefinition } from '../load/metrics.js';
import type { PromptFolder } from '../load/types.js';
import { folderOf, type PromptTags } from './tags.js';

/*
 * A version's own definitions: its `metrics:` and its guards (`deploy.rollback_on`), read from
 * its prompt.yaml at the commit its tag marks, with the loader the tests use. Not the work
 * tree: a version in production is judged by what it was released with.
 */

export interface VersionDefinitions {
  metrics?: MetricDefinition[];
  guards?: GuardSet;
  folder?: PromptFolder;
  /** Why they could not be read: no tag, no record of the folder, a folder that does not load. */
  problem?: string;
}

export class VersionLoader {
  private readonly cache = new Map<string, Promise<VersionDefinitions>>();

  constructor(private readonly repoDir: string) {}

  definitions(id: string, version: string, tags: PromptTags | undefined): Promise<VersionDefinitions> {
    const key = `${id}@${version}`;
    let loaded = this.cache.get(key);
    if (!loaded) {
      loaded = this.load(id, version, tags);
      this.cache.set(key, loaded);
    }
    return loaded;
  }

  private async load(id: string, version: string, tags: PromptTags | undefined): Promise<VersionDefinitions> {
    const entry = tags?.versions.get(version);
    if (!entry) return { problem: `there is no tag prompts/${id}@${version}, so its metrics and guards are unknown` };
    const folder = folderOf(entry);
    if (!folder) return { problem: `prompts/${id}@${version} has no promptgate record naming its folder` };
    let source;
    try {
      source = createGitSource(this.repoDir, entry.commit);
      const { config } = await loadRepoConfig(source);
      const loaded = await loadPromptFolder(source, folder, config);
      if (!loaded.ok)
        return { problem: `${folder} does not load at ${entry.commit.slice(0, 12)}: ${loaded.errors.map(formatDiagnostic).join('; ')}` };
      return {
        ...(loaded.folder.metrics ? { metrics: loaded.folder.metrics } : {}),
        ...(loaded.folder.guards ? { guards: loaded.folder.guards } : {}),
        folder: loaded.folder,
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        problem: `cannot read ${folder} at ${entry.commit.slice(0, 12)} (${reason}); fetch the tags and history first (actions/checkout with fetch-depth: 0, or git fetch --tags)`,
      };
    } finally {
      source?.close();
    }
  }
}
