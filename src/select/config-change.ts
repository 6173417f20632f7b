import type { RepoConfig } from '../load/config.js';
import type { LoadedFolder } from '../load/types.js';
import { pathOf } from '../load/side.js';

/*
 * Which folders a change of promptgate.yaml touches: those whose requests or measurements it
 * changes, not every folder. Adding a price changes the cost figures, not the answers, and must
 * not re-run (and re-gate, on failures already on the base) every prompt of the repository.
 */

/** promptgate.yaml keys whose change reaches every folder's requests or runs. */
const RUN_WIDE_KEYS: readonly (keyof RepoConfig)[] = ['judge', 'repeat', 'minPass', 'prompts', 'endpoints'];

/**
 * What of a loaded folder decides its requests (provider, model, the model matrix, temperature,
 * max tokens) or its measurements (metric definitions), as one comparable text. Its files are
 * not in it: a change to those touches the folder through its paths.
 */
function requestFingerprint(loaded: LoadedFolder): string {
  if (!loaded.ok) return JSON.stringify(['not loaded', loaded.errors.map((error) => error.message)]);
  const { settings, metrics } = loaded.folder;
  return JSON.stringify([
    settings.provider,
    settings.model,
    settings.models ?? null,
    settings.temperature ?? null,
    settings.maxTokens ?? null,
    settings.structuredOutput ?? null,
    metrics ?? null,
  ]);
}

/**
 * The head folders a promptgate.yaml change touches: every folder when a run-wide key changed
 * (the default judge, repeats, the prompt roots) or the base's folders are unknown; else those
 * whose requests or metrics differ from the same folder's on the base (a folder new to the base
 * is selected by its own files).
 */
export function touchedByConfig(
  head: readonly LoadedFolder[],
  base: readonly LoadedFolder[] | undefined,
  configs: { head: RepoConfig; base: RepoConfig | undefined },
): Set<string> {
  const everyFolder = new Set(head.map(pathOf));
  if (!base || !configs.base) return everyFolder;
  const baseConfig = configs.base;
  if (RUN_WIDE_KEYS.some((key) => JSON.stringify(configs.head[key]) !== JSON.stringify(baseConfig[key]))) return everyFolder;
  const baseByPath = new Map(base.map((loaded) => [pathOf(loaded), loaded]));
  const touched = new Set<string>();
  for (const loaded of head) {
    const before = baseByPath.get(pathOf(loaded));
    if (before && requestFingerprint(before) !== requestFingerprint(loaded)) touched.add(pathOf(loaded));
  }
  return touched;
}
