import type { RepoConfig } from './config.js';
import { KNOWN_PROVIDERS, parseModelEntries, splitModelRef } from './models.js';
import type { ModelEntry, PromptSettings } from './types.js';
import type { ProviderName } from '../providers/types.js';

/** The providers a folder may name: the built-in ones and promptgate.yaml's endpoints. */
export function providerNames(config: Pick<RepoConfig, 'endpoints'>): readonly ProviderName[] {
  const endpoints = Object.keys(config.endpoints ?? {});
  return endpoints.length === 0 ? KNOWN_PROVIDERS : [...KNOWN_PROVIDERS, ...endpoints];
}

/** prompt.yaml's model settings as written, before promptgate.yaml's defaults are merged in. */
export type PromptYamlSettings = Partial<Omit<PromptSettings, 'models' | 'structuredOutput'>> & {
  models?: ModelEntry[];
  structuredOutput?: boolean;
};

/**
 * prompt.yaml over promptgate.yaml over the defaults. `model` may be written `provider:model`
 * (the prefix then names the provider); `models:` entries without a known provider prefix run
 * on the folder's provider.
 */
export function mergeSettings(
  prompt: PromptYamlSettings,
  config: RepoConfig,
  defaults: { provider: ProviderName; models: Readonly<Record<string, string>> },
): PromptSettings {
  const providers = providerNames(config);
  const configModel = config.model !== undefined ? splitModelRef(config.model, providers) : undefined;
  const configProvider = configModel?.provider ?? config.provider ?? defaults.provider;
  const promptModel = prompt.model !== undefined ? splitModelRef(prompt.model, providers) : undefined;
  const provider = promptModel?.provider ?? prompt.provider ?? configProvider;
  // The repository's model is for the repository's provider: a folder that switches provider
  // without naming a model gets that provider's default, not another vendor's model name.
  const configModelApplies = configProvider === provider;
  // A provider without a default model (azure, bedrock, vertex, an endpoint) says so when called.
  const model = promptModel?.model ?? (configModelApplies ? configModel?.model : undefined) ?? defaults.models[provider] ?? '';
  const temperature = prompt.temperature ?? config.temperature;
  const maxTokens = prompt.maxTokens ?? config.maxTokens;
  const models = prompt.models ?? config.models;
  const trafficPerDay = prompt.trafficPerDay ?? config.trafficPerDay;
  const structuredOutput = prompt.structuredOutput ?? config.structuredOutput;
  return {
    provider,
    model,
    ...(temperature !== undefined ? { temperature } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(models !== undefined ? { models: parseModelEntries(models, provider, providers) } : {}),
    ...(structuredOutput === false ? { structuredOutput: false as const } : {}),
    ...(trafficPerDay !== undefined ? { trafficPerDay } : {}),
    variables: prompt.variables ?? {},
    ...(prompt.tools ? { tools: prompt.tools } : {}),
  };
}
