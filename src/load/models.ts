import { BUILTIN_PROVIDERS, type ProviderName } from '../providers/types.js';
import type { MatrixModel, ModelEntry, ModelRef, ModelSettings, PromptFolder } from './types.js';

/**
 * `provider:model` references (`model: anthropic:claude-sonnet-4-5`, `models: [...]`).
 *
 * Only a known provider name before the first colon is a provider: a built-in one, or an
 * endpoint of promptgate.yaml (`ollama:qwen3:8b` is endpoint `ollama`, model `qwen3:8b`). OpenAI
 * fine-tune ids start with `ft:` (`ft:gpt-4o-mini:acme::abc123`) and a model name may hold colons
 * of its own, so `ft:...` stays a model name of the folder's provider.
 */
export const KNOWN_PROVIDERS: readonly ProviderName[] = BUILTIN_PROVIDERS;

/** The provider named before the first colon, when it is a known one; else the whole text is the model. */
export function splitModelRef(
  text: string,
  providers: readonly ProviderName[] = KNOWN_PROVIDERS,
): { provider?: ProviderName; model: string } {
  const colon = text.indexOf(':');
  if (colon <= 0) return { model: text };
  const prefix = text.slice(0, colon);
  const model = text.slice(colon + 1);
  const provider = providers.find((known) => known === prefix);
  return provider && model !== '' ? { provider, model } : { model: text };
}

/** A `models:` entry, its provider defaulting to the folder's own. */
export function parseModelRef(text: string, defaultProvider: ProviderName, providers: readonly ProviderName[] = KNOWN_PROVIDERS): ModelRef {
  const split = splitModelRef(text, providers);
  return { provider: split.provider ?? defaultProvider, model: split.model };
}

/** The matrix a `models:` list describes. */
export function parseModelEntries(
  entries: readonly ModelEntry[],
  defaultProvider: ProviderName,
  providers: readonly ProviderName[] = KNOWN_PROVIDERS,
): MatrixModel[] {
  return entries.map((entry) => {
    const ref = parseModelRef(typeof entry === 'string' ? entry : entry.model, defaultProvider, providers);
    if (typeof entry === 'string') return ref;
    const settings = entrySettings(entry);
    return {
      ...ref,
      ...(entry.gate === false ? { candidate: true as const } : {}),
      ...(Object.keys(settings).length > 0 ? { settings } : {}),
    };
  });
}

/** A `models:` object's own settings, as request fields (`thinking.budget_tokens` is `thinking_budget`). */
export function entrySettings(entry: Exclude<ModelEntry, string>): ModelSettings {
  const thinkingBudget = entry.thinking_budget ?? entry.thinking?.budget_tokens;
  return {
    ...(entry.max_tokens !== undefined ? { maxTokens: entry.max_tokens } : {}),
    ...(entry.temperature !== undefined ? { temperature: entry.temperature } : {}),
    ...(entry.top_p !== undefined ? { topP: entry.top_p } : {}),
    ...(entry.reasoning_effort !== undefined ? { reasoningEffort: entry.reasoning_effort } : {}),
    ...(thinkingBudget !== undefined ? { thinkingBudget } : {}),
  };
}

/**
 * Entries naming a model an earlier entry already names, however written (`gpt-4o-mini` and
 * `openai:gpt-4o-mini` on an OpenAI folder are one model): each would run, and be counted and
 * gated, twice. `index` is the entry's place in the list, `first` the earlier one's.
 */
export function duplicateModels(models: readonly ModelRef[]): Array<{ index: number; first: number; label: string }> {
  const seen = new Map<string, number>();
  const duplicates: Array<{ index: number; first: number; label: string }> = [];
  models.forEach((model, index) => {
    const label = modelLabel(model);
    const first = seen.get(label);
    if (first === undefined) seen.set(label, index);
    else duplicates.push({ index, first, label });
  });
  return duplicates;
}

/** `provider:model`, the name a matrix row, a gate reason and a comparison use for one model. */
export function modelLabel(ref: { provider: string; model: string }): string {
  return `${ref.provider}:${ref.model}`;
}

/**
 * The folder once per model of its `models:` list (each run is a suite of its own), or the
 * folder itself when it has no list.
 */
export function expandModels(folder: PromptFolder): PromptFolder[] {
  const models = folder.settings.models;
  if (!models || models.length === 0) return [folder];
  return models.map(({ provider, model, candidate, settings }) => ({
    ...folder,
    settings: {
      ...folder.settings,
      provider,
      model,
      ...(candidate ? { candidate } : {}),
      ...(settings ? { modelSettings: settings } : {}),
    },
  }));
}
