import type { Diagnostic } from '../lib/diagnostics.js';
import { lineAt, parseYamlText } from './files/positions.js';
import { validateMetrics, type MetricDefinition } from '../results/metrics.js';
import { readTextFile } from './files/file-source.js';
import type { FileSource } from './types.js';

/*
 * A folder's success metrics: prompt.yaml `metrics:` over promptgate.yaml's defaults, a
 * folder's own metric winning by name. Read apart from the rest of prompt.yaml so the loader
 * stays one page; a bad entry is a load error with file and line (a target nobody enforces is
 * worse than a loud error).
 */

export async function loadPromptMetrics(
  source: FileSource,
  file: string,
  defaults: readonly MetricDefinition[] | undefined,
): Promise<{ definitions: MetricDefinition[]; errors: Diagnostic[] }> {
  const own = await ownMetrics(source, file);
  const byName = new Map<string, MetricDefinition>();
  for (const definition of defaults ?? []) byName.set(definition.name, definition);
  for (const definition of own.definitions) byName.set(definition.name, definition);
  return { definitions: [...byName.values()], errors: own.errors };
}

async function ownMetrics(source: FileSource, file: string): Promise<{ definitions: MetricDefinition[]; errors: Diagnostic[] }> {
  const read = await readTextFile(source, file);
  if (read.status !== 'ok') return { definitions: [], errors: [] };
  const parsed = await parseYamlText(read.text, file);
  // Parse errors are reported by the prompt.yaml loader itself.
  if (!parsed.ok) return { definitions: [], errors: [] };
  const value = parsed.parsed.value as Record<string, unknown> | null;
  if (!value || typeof value !== 'object' || !('metrics' in value)) return { definitions: [], errors: [] };
  const { definitions, diagnostics } = validateMetrics(value.metrics, { file, locate: (pointer, key) => lineAt(parsed.parsed, pointer, key) });
  return { definitions, errors: diagnostics };
}
