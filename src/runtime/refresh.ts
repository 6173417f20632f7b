import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseAliasVersion, parseTagMessage, versionTag } from '../git/prompt-tags.js';
import { writeFileAtomically } from '../lib/atomic-write.js';
import { loadRepoConfig } from '../load/config.js';
import { loadPromptFolder } from '../load/folder.js';
import { formatDiagnostic } from '../lib/diagnostics.js';
import { gitHubCommitSource, gitHubGet, GitHubRequestError, type GitHubTarget } from './github-source.js';
import { lockedVersionOf } from './lock-entry.js';
import {
  formatLockfile,
  readLockfile,
  sealLockfile,
  versionDigest,
  VARIANTS,
  type LockedPrompt,
  type LockedVersion,
  type Lockfile,
  type Variant,
} from './lockfile.js';
import { assemblePrompt, prepareVersion, type PreparedPrompt, type PreparedVersion, type ServedFrom } from './prepared.js';

/*
 * Fresh versions without a redeploy (off by default): the alias tags are polled through the
 * GitHub REST API with ETags (a 304 costs no rate limit); a moved alias's version is read from
 * its commit (trees and blobs verified against their ids, unchanged files not fetched again),
 * loaded and checked by the same loader as `promptgate bundle`, and swapped in whole. A
 * snapshot on disk keeps the last versions seen, for a restart while GitHub is unreachable.
 */

export interface RefreshOptions {
  github: GitHubTarget;
  intervalSeconds: number;
  /** Where the snapshot (prompts.snapshot.json) is kept; none when unset. */
  snapshotDir?: string;
}

interface Hooks {
  swap(id: string, prompt: PreparedPrompt): void;
  warn(message: string): void;
}

export interface Refresher {
  poll(): Promise<void>;
  stop(): void;
}

const SNAPSHOT_FORMAT = 'promptgate-snapshot/1';
const SNAPSHOT_FILE = 'prompts.snapshot.json';

interface Tracked {
  id: string;
  variant: Variant;
  ref: string;
  etag?: string;
  version: LockedVersion;
  served: PreparedVersion;
}

export async function startRefresh(options: RefreshOptions, bundle: Lockfile, hooks: Hooks): Promise<Refresher> {
  const tracked = new Map<string, Partial<Record<Variant, Tracked>>>();
  for (const [id, prompt] of Object.entries(bundle.prompts)) {
    const entry: Partial<Record<Variant, Tracked>> = {};
    for (const variant of VARIANTS) {
      const version = prompt[variant];
      if (version) entry[variant] = { id, variant, ref: version.ref, version, served: prepareVersion(version, variant, 'bundle') };
    }
    tracked.set(id, entry);
  }
  const cache = new Map<string, unknown>();
  const snapshotPath = options.snapshotDir ? join(options.snapshotDir, SNAPSHOT_FILE) : undefined;
  if (snapshotPath) await restoreSnapshot(snapshotPath, bundle, tracked, hooks);

  const serve = (id: string) => {
    const entry = tracked.get(id)!;
    hooks.swap(
      id,
      assemblePrompt(id, {
        ...(entry.production ? { production: entry.production.served } : {}),
        ...(entry.canary ? { canary: entry.canary.served } : {}),
      }),
    );
  };

  let failing = false;
  let running: Promise<void> | undefined;
  const pollOnce = async () => {
    let changed = false;
    try {
      for (const [id, entry] of tracked) {
        for (const variant of VARIANTS) {
          const item = entry[variant];
          // A pinned version (its ref is its own immutable tag) never moves.
          if (!item || item.ref === item.version.tag) continue;
          const next = await checkAlias(options.github, item, cache);
          if (next === 'gone') {
            // A dropped canary stops getting traffic; production is never dropped.
            if (variant === 'canary') {
              delete entry.canary;
              serve(id);
              changed = true;
            }
            continue;
          }
          if (!next) continue;
          if (variant === 'canary' && next.deploy?.canary?.weight === undefined) {
            hooks.warn(
              `promptgate refresh: ${id}: the canary ${next.version} has no deploy: { canary: { weight } }; still serving ${item.version.version}`,
            );
            continue;
          }
          entry[variant] = { ...item, version: next, served: prepareVersion(next, variant, 'github') };
          serve(id);
          changed = true;
        }
      }
      if (failing) hooks.warn('promptgate refresh: GitHub answers again');
      failing = false;
    } catch (error) {
      // The bundle (or snapshot) keeps serving; told once per outage, not once per poll.
      if (!failing)
        hooks.warn(`promptgate refresh: ${error instanceof Error ? error.message : String(error)}; serving the versions already loaded`);
      failing = true;
    }
    if (changed && snapshotPath)
      await writeSnapshot(snapshotPath, bundle, tracked).catch((error: unknown) =>
        hooks.warn(`promptgate refresh: could not write the snapshot: ${String(error)}`),
      );
  };
  const poll = () => (running ??= pollOnce().finally(() => (running = undefined)));
  const timer = setInterval(() => void poll(), Math.max(1, options.intervalSeconds) * 1000);
  timer.unref();
  void poll();
  return { poll, stop: () => clearInterval(timer) };
}

/** The alias's new version, undefined when it has not moved, 'gone' when the tag was deleted. */
async function checkAlias(github: GitHubTarget, item: Tracked, cache: Map<string, unknown>): Promise<LockedVersion | undefined | 'gone'> {
  const ref = await gitHubGet(github, `git/ref/tags/${encodeRef(item.ref)}`, item.etag);
  if (ref.status === 304) return undefined;
  if (ref.status === 404) return 'gone';
  const object = (ref.body as { object?: { sha?: string; type?: string } }).object;
  if (!object?.sha || object.sha === item.version.refObject) {
    item.etag = ref.etag;
    return undefined;
  }
  const alias = await tagObject(github, object.sha, item.ref);
  const version = parseAliasVersion(alias.message);
  if (!version) throw new GitHubRequestError(`${item.ref} names no version in its message`);
  const tag = versionTag(item.id, version);
  const versionRef = await gitHubGet(github, `git/ref/tags/${encodeRef(tag)}`);
  const versionObject = (versionRef.body as { object?: { sha?: string } } | undefined)?.object?.sha;
  if (versionRef.status !== 200 || !versionObject) throw new GitHubRequestError(`${item.ref} names ${version}, but there is no tag ${tag}`);
  const record = parseTagMessage((await tagObject(github, versionObject, tag)).message);
  if (!record?.folder) throw new GitHubRequestError(`${tag} has no promptgate record naming its folder`);
  const source = gitHubCommitSource(github, alias.commit, cache);
  const { config } = await loadRepoConfig(source);
  const loaded = await loadPromptFolder(source, record.folder, config);
  if (!loaded.ok) throw new GitHubRequestError(`${tag}: ${record.folder} does not load: ${loaded.errors.map(formatDiagnostic).join('; ')}`);
  if (loaded.folder.id !== item.id || loaded.folder.version !== version)
    throw new GitHubRequestError(`${tag}: ${record.folder} holds another version`);
  const entry = lockedVersionOf(loaded.folder, config, { tag, ref: item.ref, refObject: object.sha, commit: alias.commit });
  // Only now: a version that failed to load is tried again on the next poll, not answered 304.
  item.etag = ref.etag;
  return { ...entry, digest: versionDigest(entry) };
}

async function tagObject(github: GitHubTarget, sha: string, name: string): Promise<{ message: string; commit: string }> {
  const response = await gitHubGet(github, `git/tags/${sha}`);
  const body = response.body as { message?: unknown; object?: { sha?: unknown; type?: unknown } } | undefined;
  if (
    response.status !== 200 ||
    typeof body?.message !== 'string' ||
    body.object?.type !== 'commit' ||
    typeof body.object.sha !== 'string'
  ) {
    throw new GitHubRequestError(`${name} is not an annotated tag of a commit`);
  }
  return { message: body.message, commit: body.object.sha };
}

/** `prompts/a@production` → `prompts/a%40production`: each segment encoded, the slashes kept. */
const encodeRef = (ref: string) => ref.split('/').map(encodeURIComponent).join('/');

/** The snapshot belongs to one bundle: a redeploy with another bundle starts from that bundle. */
async function restoreSnapshot(
  path: string,
  bundle: Lockfile,
  tracked: Map<string, Partial<Record<Variant, Tracked>>>,
  hooks: Hooks,
): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return;
  }
  try {
    const snapshot = JSON.parse(text) as { format?: string; bundle?: string; lockfile?: unknown; etags?: Record<string, string> };
    if (snapshot.format !== SNAPSHOT_FORMAT || snapshot.bundle !== bundle.digest) return;
    const lockfile = readLockfile(snapshot.lockfile as object, path);
    for (const [id, entry] of tracked) {
      const saved: LockedPrompt | undefined = lockfile.prompts[id];
      for (const variant of VARIANTS) {
        const item = entry[variant];
        const version = saved?.[variant];
        if (!item) continue;
        if (!version) {
          if (variant === 'canary' && saved) delete entry.canary;
          continue;
        }
        const etag = snapshot.etags?.[`${id}@${variant}`];
        const source: ServedFrom = version.digest === item.version.digest ? 'bundle' : 'snapshot';
        entry[variant] = {
          ...item,
          ...(etag ? { etag } : {}),
          version,
          served: source === 'bundle' ? item.served : prepareVersion(version, variant, 'snapshot'),
        };
      }
      const current = tracked.get(id)!;
      hooks.swap(
        id,
        assemblePrompt(id, {
          ...(current.production ? { production: current.production.served } : {}),
          ...(current.canary ? { canary: current.canary.served } : {}),
        }),
      );
    }
  } catch (error) {
    hooks.warn(
      `promptgate refresh: the snapshot ${path} cannot be used (${error instanceof Error ? error.message : String(error)}); serving the bundle`,
    );
  }
}

async function writeSnapshot(path: string, bundle: Lockfile, tracked: Map<string, Partial<Record<Variant, Tracked>>>): Promise<void> {
  const prompts: Record<string, LockedPrompt> = {};
  const etags: Record<string, string> = {};
  for (const [id, entry] of tracked) {
    prompts[id] = {};
    for (const variant of VARIANTS) {
      const item = entry[variant];
      if (!item) continue;
      prompts[id][variant] = item.version;
      if (item.etag) etags[`${id}@${variant}`] = item.etag;
    }
  }
  const lockfile = JSON.parse(formatLockfile(sealLockfile(bundle.refs, prompts))) as Lockfile;
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomically(path, `${JSON.stringify({ format: SNAPSHOT_FORMAT, bundle: bundle.digest, etags, lockfile }, null, 2)}\n`);
}
