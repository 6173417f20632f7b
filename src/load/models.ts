import type { ProviderName } from '../providers/types.js';
import type { PromptFolder } from './types.js';

/**
 * `provider:model` references (`model: anthropic:claude-sonnet-4-5`, `models: [...]`).
 *
 * Only a known provider name before the first colon is a provider: OpenAI fine-tune ids start
 * with `ft:` (`ft:gpt-4o-mini:acme::abc123`) and a model name may hold colons of its own, so
 * `ft:...` stays a model name of the folder's provider. Adding a provider is one line here.
 */
export const KNOWN_PROVIDERS: readonly ProviderName[] = ['openai', 'anthropic', 'azure'];

export interface ModelRef {
  provider: ProviderName;
  model: string;
}

/** The provider named before the first colon, when it is a known one; else the whole text is the model. */
export function splitModelRef(text: string): { provider?: ProviderName; model: string } {
  const colon = text.indexOf(':');
  if (colon <= 0) return { model: text };
  const prefix = text.slice(0, colon);
  const model = text.slice(colon + 1);
  const provider = KNOWN_PROVIDERS.find((known) => known === prefix);
  return provider && model !== '' ? { provider, model } : { model: text };
}

/** A `models:` entry, its provider defaulting to the folder's own. */
export function parseModelRef(text: string, defaultProvider: ProviderName): ModelRef {
  const split = splitModelRef(text);
  return { provider: split.provider ?? defaultProvider, model: split.model };
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
  return models.map(({ provider, model }) => ({ ...folder, settings: { ...folder.settings, provider, model } }));
}
