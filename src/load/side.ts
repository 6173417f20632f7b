import pLimit from 'p-limit';
import type { Diagnostic } from '../lib/diagnostics.js';
import { loadSettings, type RequestedSettings } from './settings.js';
import type { RepoConfig } from './config.js';
import { discoverPromptFolders } from './discover.js';
import { createWorkTreeSource, type FileSource } from './files/file-source.js';
import { loadPromptFolder } from './folder.js';
import type { FolderIdentity, LoadedFolder } from './types.js';

/**
 * Parsing is synchronous CPU work: loading every folder at once gains nothing and keeps every
 * parsed YAML document alive together. Two at a time overlap one folder's file reads with the
 * other's parsing at almost no extra memory; more bought little time for much more memory
 * (docs/speed.md has the measurements).
 */
const LOAD_CONCURRENCY = 2;

export function pathOf(loaded: LoadedFolder): string {
  return loaded.ok ? loaded.folder.path : loaded.path;
}

export function identityOf(loaded: LoadedFolder): FolderIdentity {
  return loaded.ok
    ? { path: loaded.folder.path, id: loaded.folder.id, version: loaded.folder.version }
    : { path: loaded.path, id: loaded.id, version: loaded.version };
}

/** One side's prompt folders, as found under the roots, with the problems finding them. */
export interface DiscoveredSide {
  source: FileSource;
  config: RepoConfig;
  paths: string[];
  /** Roots that matched nothing. */
  diagnostics: Diagnostic[];
}

export async function discoverSide(source: FileSource, config: RepoConfig, roots: readonly string[]): Promise<DiscoveredSide> {
  const { folders, diagnostics } = await discoverPromptFolders(source, [...roots]);
  return { source, config, paths: folders, diagnostics };
}

/**
 * Loads a side's folders a few at a time. `onLoaded` sees each folder the moment it is
 * loaded, so the head's first model calls go out while later folders are still being parsed.
 */
export async function loadSide(side: DiscoveredSide, onLoaded?: (loaded: LoadedFolder) => void): Promise<LoadedFolder[]> {
  const limit = pLimit(LOAD_CONCURRENCY);
  return Promise.all(
    side.paths.map((path) =>
      limit(async () => {
        const loaded = await loadPromptFolder(side.source, path, side.config);
        onLoaded?.(loaded);
        return loaded;
      }),
    ),
  );
}

/**
 * Which prompt folders the options point at, with their ids and versions, without running
 * anything (release mode decides from these which versions need a run at all).
 */
export async function listPromptFolders(options: { repoDir: string } & RequestedSettings): Promise<FolderIdentity[]> {
  const source = createWorkTreeSource(options.repoDir);
  const { settings } = await loadSettings(source, options);
  const loaded = await loadSide(await discoverSide(source, settings.config, settings.roots));
  return loaded.map(identityOf);
}
