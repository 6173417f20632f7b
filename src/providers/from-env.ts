import type { EndpointSecretSources } from '../lib/secrets.js';
import type { AnthropicProviderOptions } from './anthropic.js';
import type { Providers } from './answer-source.js';
import type { BedrockProviderOptions } from './bedrock.js';
import type { AzureOpenAIProviderOptions, OpenAIProviderOptions, TokenLimitField } from './openai.js';
import type { VertexProviderOptions } from './vertex.js';
import { requiringModel } from './require-model.js';
import type { Provider, ProviderName } from './types.js';
import { withEmbeddings } from './embeddings.js';

/** promptgate.yaml `endpoints:`: an OpenAI-compatible server by name (`provider: ollama`, `ollama:qwen3:8b`). */
export interface EndpointConfig {
  baseURL: string;
  /** Default `max_tokens`: every compatible server reads it, and Ollama reads only it. */
  tokenLimitField?: TokenLimitField;
  /** The variable that holds the key; without one, the server takes none. */
  apiKeyEnv?: string;
}

/** What of the endpoints is secret: the values of their key variables, and credentials in their URLs. */
export function endpointSecretSources(endpoints: Readonly<Record<string, EndpointConfig>> = {}): EndpointSecretSources {
  const all = Object.values(endpoints);
  return {
    keyVariables: all.flatMap((endpoint) => (endpoint.apiKeyEnv ? [endpoint.apiKeyEnv] : [])),
    urls: all.map((endpoint) => endpoint.baseURL),
  };
}

/** The field an endpoint sends max_tokens in when it does not say. */
export const ENDPOINT_TOKEN_LIMIT_FIELD: TokenLimitField = 'max_tokens';

export interface ProvidersFromEnvOptions {
  /** Per call; default 60 s. */
  timeoutMs?: number;
  onWarning?: (message: string) => void;
  /** Load the SDKs right away (the run will call live) instead of on the first call. */
  preload?: boolean;
  /** promptgate.yaml `endpoints:`, by name. */
  endpoints?: Readonly<Record<string, EndpointConfig>>;
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

/** How a configured provider is called; the run adds its timeout and warning sink. */
type ProviderSettings =
  | { kind: 'openai' | 'endpoint'; settings: Omit<OpenAIProviderOptions, 'timeoutMs'> }
  | { kind: 'anthropic'; settings: Omit<AnthropicProviderOptions, 'timeoutMs' | 'onWarning'> }
  | { kind: 'azure'; settings: Omit<AzureOpenAIProviderOptions, 'timeoutMs'> }
  | { kind: 'bedrock'; settings: Omit<BedrockProviderOptions, 'timeoutMs' | 'onWarning'> }
  | { kind: 'vertex'; settings: Omit<VertexProviderOptions, 'timeoutMs' | 'onWarning'> };

/** A provider the environment (and promptgate.yaml's endpoints) gives what it needs to be called. */
export type ConfiguredProvider = ProviderSettings & {
  name: ProviderName;
  /**
   * Called without any secret: an endpoint that names no api_key_env, or OPENAI_BASE_URL set
   * without OPENAI_API_KEY (a local server). A fork's pull request, which gets no secrets, still
   * calls it.
   */
  keyless: boolean;
};

/**
 * The one answer to "which providers can this run call": the providers whose credentials the
 * environment holds, and promptgate.yaml's endpoints. Empty values count as unset (a workflow
 * passing a missing secret gets ''). OPENAI_BASE_URL alone is enough for an OpenAI-compatible
 * server without auth. createProvidersFromEnv builds exactly these; the action's notice for fork
 * pull requests reads them too.
 */
export function configuredProviders(
  env: Record<string, string | undefined>,
  endpoints: Readonly<Record<string, EndpointConfig>> = {},
): ConfiguredProvider[] {
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };
  const configured: ConfiguredProvider[] = [];
  const openaiKey = value('OPENAI_API_KEY');
  const openaiBaseURL = value('OPENAI_BASE_URL');
  if (openaiKey || openaiBaseURL) {
    const settings = {
      apiKey: openaiKey ?? NO_KEY_PLACEHOLDER,
      baseURL: openaiBaseURL,
      organization: value('OPENAI_ORG_ID'),
      project: value('OPENAI_PROJECT_ID'),
    };
    configured.push({ kind: 'openai', name: 'openai', keyless: !openaiKey, settings });
  }
  const anthropicKey = value('ANTHROPIC_API_KEY');
  if (anthropicKey) {
    const settings = { apiKey: anthropicKey, baseURL: value('ANTHROPIC_BASE_URL') };
    configured.push({ kind: 'anthropic', name: 'anthropic', keyless: false, settings });
  }
  configured.push(...configuredEndpoints(endpoints, value), ...configuredClaudePlatforms(value));
  // Azure takes the openai SDK's own three variables; without all three it cannot be called.
  const azureKey = value('AZURE_OPENAI_API_KEY');
  const azureEndpoint = value('AZURE_OPENAI_ENDPOINT');
  const azureVersion = value('OPENAI_API_VERSION');
  if (azureKey && azureEndpoint && azureVersion) {
    const settings = { apiKey: azureKey, endpoint: azureEndpoint, apiVersion: azureVersion };
    configured.push({ kind: 'azure', name: 'azure', keyless: false, settings });
  }
  return configured;
}

/** Builds the providers configuredProviders finds, each loading its SDK on its first call. */
export function createProvidersFromEnv(env: Record<string, string | undefined>, options: ProvidersFromEnvOptions = {}): Providers {
  const providers: Providers = {};
  const preload = !!options.preload;
  const run = { timeoutMs: options.timeoutMs };
  const warned = { ...run, onWarning: options.onWarning };
  for (const provider of configuredProviders(env, options.endpoints)) {
    const { name } = provider;
    switch (provider.kind) {
      case 'openai': {
        const settings = { ...provider.settings, ...run };
        providers[name] = withEmbeddings(
          lazyProvider(name, async () => (await import('./openai.js')).createOpenAIProvider(settings), preload),
          async () => (await import('./openai-embeddings.js')).createOpenAIEmbedder(settings),
        );
        break;
      }
      case 'endpoint': {
        const settings = { ...provider.settings, ...run };
        const example = "the server's own model name, e.g. ollama:qwen3:8b";
        const lazy = lazyProvider(name, async () => (await import('./openai.js')).createOpenAIProvider(settings), preload);
        providers[name] = requiringModel(name, example, lazy);
        break;
      }
      case 'anthropic': {
        const settings = { ...provider.settings, ...warned };
        providers[name] = lazyProvider(name, async () => (await import('./anthropic.js')).createAnthropicProvider(settings), preload);
        break;
      }
      case 'azure': {
        const settings = { ...provider.settings, ...run };
        providers[name] = withEmbeddings(
          lazyProvider(name, async () => (await import('./openai.js')).createAzureOpenAIProvider(settings), preload),
          async () => (await import('./openai-embeddings.js')).createAzureOpenAIEmbedder(settings),
        );
        break;
      }
      case 'bedrock': {
        const settings = { ...provider.settings, ...warned };
        providers[name] = lazyProvider(name, async () => (await import('./bedrock.js')).createBedrockProvider(settings), preload);
        break;
      }
      case 'vertex': {
        const settings = { ...provider.settings, ...warned };
        providers[name] = lazyProvider(name, async () => (await import('./vertex.js')).createVertexProvider(settings), preload);
        break;
      }
    }
  }
  return providers;
}

/**
 * Each endpoint of promptgate.yaml, through the openai SDK with its base URL and key. One whose
 * key variable is named but not set cannot be called (its requests need a recording); one that
 * names no key variable takes none (a local server).
 */
function configuredEndpoints(
  endpoints: Readonly<Record<string, EndpointConfig>>,
  value: (name: string) => string | undefined,
): ConfiguredProvider[] {
  return Object.entries(endpoints).flatMap(([name, endpoint]): ConfiguredProvider[] => {
    const apiKey = endpoint.apiKeyEnv ? value(endpoint.apiKeyEnv) : NO_KEY_PLACEHOLDER;
    if (apiKey === undefined) return [];
    const settings = {
      apiKey,
      baseURL: endpoint.baseURL,
      name,
      keyVariable: endpoint.apiKeyEnv ?? `a key (endpoints.${name}.api_key_env in promptgate.yaml)`,
      tokenLimitField: endpoint.tokenLimitField ?? ENDPOINT_TOKEN_LIMIT_FIELD,
    };
    return [{ kind: 'endpoint', name, keyless: !endpoint.apiKeyEnv, settings }];
  });
}

/**
 * Claude on Bedrock and Vertex, with their SDKs' usual variables. Bedrock needs a region
 * (AWS_REGION, or AWS_DEFAULT_REGION as the AWS CLI reads it) and credentials: a Bedrock API key,
 * static keys, or what the AWS chain finds from AWS_PROFILE or a web identity (GitHub OIDC).
 * Vertex needs CLOUD_ML_REGION; Google's Application Default Credentials authenticate.
 */
function configuredClaudePlatforms(value: (name: string) => string | undefined): ConfiguredProvider[] {
  const configured: ConfiguredProvider[] = [];
  const region = value('AWS_REGION') ?? value('AWS_DEFAULT_REGION');
  const bearer = value('AWS_BEARER_TOKEN_BEDROCK');
  const accessKeyId = value('AWS_ACCESS_KEY_ID');
  const secretAccessKey = value('AWS_SECRET_ACCESS_KEY');
  const chain = value('AWS_PROFILE') ?? value('AWS_WEB_IDENTITY_TOKEN_FILE') ?? value('AWS_CONTAINER_CREDENTIALS_FULL_URI');
  if (region && (bearer || (accessKeyId && secretAccessKey) || chain)) {
    const settings = {
      region,
      ...(bearer ? { apiKey: bearer } : {}),
      ...(accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : {}),
      ...(value('AWS_SESSION_TOKEN') ? { sessionToken: value('AWS_SESSION_TOKEN') } : {}),
      ...(value('ANTHROPIC_BEDROCK_BASE_URL') ? { baseURL: value('ANTHROPIC_BEDROCK_BASE_URL') } : {}),
    };
    configured.push({ kind: 'bedrock', name: 'bedrock', keyless: false, settings });
  }
  const vertexRegion = value('CLOUD_ML_REGION');
  if (vertexRegion) {
    const settings = {
      region: vertexRegion,
      ...(value('ANTHROPIC_VERTEX_PROJECT_ID') ? { projectId: value('ANTHROPIC_VERTEX_PROJECT_ID') } : {}),
      ...(value('ANTHROPIC_VERTEX_BASE_URL') ? { baseURL: value('ANTHROPIC_VERTEX_BASE_URL') } : {}),
    };
    configured.push({ kind: 'vertex', name: 'vertex', keyless: false, settings });
  }
  return configured;
}
