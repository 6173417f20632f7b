import type { EndpointSecretSources } from '../lib/secrets.js';
import type { Providers } from './answer-source.js';
import type { TokenLimitField } from './openai.js';
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
  addEndpoints(providers, options, value);
  addClaudePlatforms(providers, options, value);
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

/**
 * Each endpoint of promptgate.yaml, through the openai SDK with its base URL and key. One whose
 * key variable is named but not set cannot be called (its requests need a recording); one that
 * names no key variable takes none (a local server).
 */
function addEndpoints(providers: Providers, options: ProvidersFromEnvOptions, value: (name: string) => string | undefined): void {
  for (const [name, endpoint] of Object.entries(options.endpoints ?? {})) {
    const apiKey = endpoint.apiKeyEnv ? value(endpoint.apiKeyEnv) : NO_KEY_PLACEHOLDER;
    if (apiKey === undefined) continue;
    const settings = {
      apiKey,
      baseURL: endpoint.baseURL,
      name,
      keyVariable: endpoint.apiKeyEnv ?? `a key (endpoints.${name}.api_key_env in promptgate.yaml)`,
      tokenLimitField: endpoint.tokenLimitField ?? ENDPOINT_TOKEN_LIMIT_FIELD,
      timeoutMs: options.timeoutMs,
    };
    const example = "the server's own model name, e.g. ollama:qwen3:8b";
    providers[name] = requiringModel(
      name,
      example,
      lazyProvider(name, async () => (await import('./openai.js')).createOpenAIProvider(settings), !!options.preload),
    );
  }
}

/**
 * Claude on Bedrock and Vertex, with their SDKs' usual variables. Bedrock needs a region
 * (AWS_REGION, or AWS_DEFAULT_REGION as the AWS CLI reads it) and credentials: a Bedrock API key,
 * static keys, or what the AWS chain finds from AWS_PROFILE or a web identity (GitHub OIDC).
 * Vertex needs CLOUD_ML_REGION; Google's Application Default Credentials authenticate.
 */
function addClaudePlatforms(providers: Providers, options: ProvidersFromEnvOptions, value: (name: string) => string | undefined): void {
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
      timeoutMs: options.timeoutMs,
      onWarning: options.onWarning,
    };
    providers.bedrock = lazyProvider(
      'bedrock',
      async () => (await import('./bedrock.js')).createBedrockProvider(settings),
      !!options.preload,
    );
  }
  const vertexRegion = value('CLOUD_ML_REGION');
  if (vertexRegion) {
    const settings = {
      region: vertexRegion,
      ...(value('ANTHROPIC_VERTEX_PROJECT_ID') ? { projectId: value('ANTHROPIC_VERTEX_PROJECT_ID') } : {}),
      ...(value('ANTHROPIC_VERTEX_BASE_URL') ? { baseURL: value('ANTHROPIC_VERTEX_BASE_URL') } : {}),
      timeoutMs: options.timeoutMs,
      onWarning: options.onWarning,
    };
    providers.vertex = lazyProvider('vertex', async () => (await import('./vertex.js')).createVertexProvider(settings), !!options.preload);
  }
}
