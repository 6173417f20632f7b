import type { RepoConfig } from '../load/config.js';
import type { PromptFolder } from '../load/types.js';
import type { RecordingEntry } from '../providers/recordings-file.js';
import type { LockedMetric, LockedSettings, LockedVersion } from './lockfile.js';

/** Where a version came from: the tag that was resolved and the commit it names. */
export interface VersionOrigin {
  tag: string;
  ref: string;
  refObject: string;
  commit: string;
}

/**
 * One lockfile entry from a folder loaded at its tagged commit. `promptgate bundle` (from local
 * git) and the runtime's refresh (from the GitHub API) both build entries here, with the same
 * loader, so the same commit gives the same entry and the same digest.
 */
export function lockedVersionOf(
  folder: PromptFolder,
  config: RepoConfig,
  origin: VersionOrigin,
  recordings?: ReadonlyMap<string, RecordingEntry>,
): Omit<LockedVersion, 'digest'> {
  const { settings } = folder;
  const locked: LockedSettings = { provider: settings.provider, model: settings.model, variables: settings.variables };
  if (settings.temperature !== undefined) locked.temperature = settings.temperature;
  if (settings.maxTokens !== undefined) locked.maxTokens = settings.maxTokens;
  if (settings.tools?.length) locked.tools = settings.tools;
  // The `models:` entry of the model the app calls, with its own settings (reasoning_effort, ...).
  const own = settings.models?.find((entry) => entry.provider === settings.provider && entry.model === settings.model)?.settings;
  if (own && Object.keys(own).length > 0) locked.modelSettings = own;
  if (settings.structuredOutput === false) locked.structuredOutput = false;
  if (config.pricing && Object.keys(config.pricing).length > 0) locked.pricing = config.pricing;
  const metrics = folder.metrics?.map((metric): LockedMetric =>
    metric.kind === 'built-in' ? { name: metric.name, kind: metric.kind } : { name: metric.name, kind: metric.kind, field: metric.field },
  );
  return {
    id: folder.id,
    version: folder.version,
    ...origin,
    folder: folder.path,
    system: { file: folder.systemFile, template: folder.systemTemplate },
    examples: folder.examples,
    ...(folder.schema ? { schema: folder.schema } : {}),
    settings: locked,
    ...(metrics?.length ? { metrics } : {}),
    ...(folder.deploy ? { deploy: folder.deploy } : {}),
    ...(recordings && recordings.size > 0 ? { recordings: Object.fromEntries(recordings) } : {}),
  };
}
