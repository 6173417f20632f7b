import type { RepoConfig } from './config.js';
import { parseModelEntries, splitModelRef } from './models.js';
import type { ModelEntry, PromptSettings } from './types.js';
import type { ProviderName } from '../providers/types.js';

/** prompt.yaml's model settings as written, before promptgate.yaml's defaults are merged in. */
export type PromptYamlSettings = Partial<Omit<PromptSettings, 'models'>> & { models?: ModelEntry[] };

/**
 * prompt.yaml over promptgate.yaml over the defaults. `model` may be written `provider:model`
 * (the prefix then names the provider); `models:` entries without a known provider prefix run
 * on the folder's provider.
 */
export function mergeSettings(
  prompt: PromptYamlSettings,
  config: RepoConfig,
  defaults: { provider: ProviderName; models: Record<ProviderName, string> },
): PromptSettings {
  const configModel = config.model !== undefined ? splitModelRef(config.model) : undefined;
  const configProvider = configModel?.provider ?? config.provider ?? defaults.provider;
  const promptModel = prompt.model !== undefined ? splitModelRef(prompt.model) : undefined;
  const provider = promptModel?.provider ?? prompt.provider ?? configProvider;
  // The repository's model is for the repository's provider: a folder that switches provider
  // without naming a model gets that provider's default, not another vendor's model name.
  const configModelApplies = configProvider === provider;
  const model = promptModel?.model ?? (configModelApplies ? configModel?.model : undefined) ?? defaults.models[provider];
  const temperature = prompt.temperature ?? config.temperature;
  const maxTokens = prompt.maxTokens ?? config.maxTokens;
  const models = prompt.models ?? config.models;
  const trafficPerDay = prompt.trafficPerDay ?? config.trafficPerDay;
  return {
    provider,
    model,
    ...(temperature !== undefined ? { temperature } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(models !== undefined ? { models: parseModelEntries(models, provider) } : {}),
    ...(trafficPerDay !== undefined ? { trafficPerDay } : {}),
    variables: prompt.variables ?? {},
    ...(prompt.tools ? { tools: prompt.tools } : {}),
  };
}
