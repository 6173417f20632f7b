import type { Providers } from './answer-source.js';
import type { Provider, ProviderName } from './types.js';
import { withEmbeddings } from './embeddings.js';

export interface ProvidersFromEnvOptions {
  /** Per call; default 60 s. */
  timeoutMs?: number;
  onWarning?: (message: string) => void;
  /** Load the SDKs right away (the run will call live) instead of on the first call. */
  preload?: boolean;
}

/**
 * A provider whose SDK is imported on its first call. A replayed run never loads either SDK,
 * and a live run loads only the one it uses: each costs start-up time and memory to load
 * (docs/speed.md).
 */
function lazyProvider(name: ProviderName, load: () => Promise<Provider>, preload: boolean): Provider {
  let provider: Promise<Provider> | undefined;
  // A run that will call live starts loading the SDK now, while the folders load, rather than
  // making the first wave of calls wait for it.
  if (preload) {
    provider = load();
    provider.catch(() => undefined);
  }
  return {
    name,
    async complete(request, callOptions) {
      provider ??= load();
      return (await provider).complete(request, callOptions);
    },
  };
}

/** Placeholder key for OpenAI-compatible servers that take none (Ollama): the SDK insists on one. */
export const NO_KEY_PLACEHOLDER = 'promptgate-no-key';

/**
 * Builds the providers whose credentials the environment holds. Empty values count as unset
 * (a workflow passing a missing secret gets ''). OPENAI_BASE_URL alone is enough for an
 * OpenAI-compatible server without auth.
 */
export function createProvidersFromEnv(env: Record<string, string | undefined>, options: ProvidersFromEnvOptions = {}): Providers {
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };
  const providers: Providers = {};
  const openaiKey = value('OPENAI_API_KEY');
  const openaiBaseURL = value('OPENAI_BASE_URL');
  if (openaiKey || openaiBaseURL) {
    const settings = {
      apiKey: openaiKey ?? NO_KEY_PLACEHOLDER,
      baseURL: openaiBaseURL,
      timeoutMs: options.timeoutMs,
      organization: value('OPENAI_ORG_ID'),
      project: value('OPENAI_PROJECT_ID'),
    };
    providers.openai = withEmbeddings(
      lazyProvider('openai', async () => (await import('./openai.js')).createOpenAIProvider(settings), !!options.preload),
      async () => (await import('./openai-embeddings.js')).createOpenAIEmbedder(settings),
    );
  }
  const anthropicKey = value('ANTHROPIC_API_KEY');
  if (anthropicKey) {
    const settings = {
      apiKey: anthropicKey,
      baseURL: value('ANTHROPIC_BASE_URL'),
      timeoutMs: options.timeoutMs,
      onWarning: options.onWarning,
    };
    providers.anthropic = lazyProvider(
      'anthropic',
      async () => (await import('./anthropic.js')).createAnthropicProvider(settings),
      !!options.preload,
    );
  }
  // Azure takes the openai SDK's own three variables; without all three it cannot be called.
  const azureKey = value('AZURE_OPENAI_API_KEY');
  const azureEndpoint = value('AZURE_OPENAI_ENDPOINT');
  const azureVersion = value('OPENAI_API_VERSION');
  if (azureKey && azureEndpoint && azureVersion) {
    const settings = { apiKey: azureKey, endpoint: azureEndpoint, apiVersion: azureVersion, timeoutMs: options.timeoutMs };
    providers.azure = withEmbeddings(
      lazyProvider('azure', async () => (await import('./openai.js')).createAzureOpenAIProvider(settings), !!options.preload),
      async () => (await import('./openai-embeddings.js')).createAzureOpenAIEmbedder(settings),
    );
  }
  return providers;
}
