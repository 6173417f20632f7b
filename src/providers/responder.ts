import { InputError } from '../diagnostics.js';
import { RecordingStore, requestKey, type ReadFile, type WriteFile } from './recordings.js';
import { redact } from '../secrets.js';
import { withRetries, type RetryOptions } from './retry.js';
import { ProviderError, type ModelRequest, type ModelResponse, type Provider, type ProviderName } from './types.js';

/**
 * Where answers come from: recordings, live providers, or both. The runner asks for an answer
 * and gets one with its source, or a ProviderError that says what to do about it.
 */

/** Every response mode; the CLI and the action accept exactly these. */
export const RESPONSE_MODES = ['auto', 'replay', 'record', 'live'] as const;
export type ResponseMode = (typeof RESPONSE_MODES)[number];
export type Providers = Partial<Record<ProviderName, Provider>>;
export type SourcedResponse = ModelResponse & { source: 'live' | 'replay' };

export interface RespondContext {
  folderPath: string;
  testName: string;
  repeatIndex: number;
}

export interface ResponderOptions {
  mode: ResponseMode;
  /** A provider is absent when its API key is not set. */
  providers: Providers;
  readFile: ReadFile;
  writeFile: WriteFile;
  /** Values that must never be written to a recording or shown in a message (API keys). */
  secrets: string[];
  /** The command that records a folder's responses, for the missing-recording message. */
  commandHint?: (folderPath: string) => string;
  retry?: RetryOptions;
}

export interface Responder {
  respond(request: ModelRequest, context: RespondContext): Promise<SourcedResponse>;
  /** Writes the recordings this run changed (record and auto modes); returns the paths written. */
  save(): Promise<string[]>;
}

export const API_KEY_VARIABLES: Readonly<Record<ProviderName, string>> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
};

const defaultCommandHint = (folderPath: string) => `promptgate test ${folderPath} --responses record`;

export function createResponder(options: ResponderOptions): Responder {
  const { mode, providers, secrets } = options;
  const commandHint = options.commandHint ?? defaultCommandHint;
  // One load per folder, shared by all of its tests running at once.
  const stores = new Map<string, Promise<RecordingStore>>();

  function storeFor(folderPath: string): Promise<RecordingStore> {
    let store = stores.get(folderPath);
    if (!store) {
      store = RecordingStore.load(folderPath, options.readFile);
      // Failures surface through respond(); this only keeps an unawaited rejection quiet.
      store.catch(() => undefined);
      stores.set(folderPath, store);
    }
    return store;
  }

  async function loadedStore(folderPath: string): Promise<RecordingStore> {
    try {
      return await storeFor(folderPath);
    } catch (error) {
      if (error instanceof InputError) throw new ProviderError('missing-recording', error.message);
      throw error;
    }
  }

  async function callLive(provider: Provider, request: ModelRequest): Promise<ModelResponse> {
    try {
      return await withRetries(() => provider.complete(request), options.retry);
    } catch (error) {
      if (error instanceof ProviderError && secrets.some((secret) => error.message.includes(secret))) {
        throw new ProviderError(error.kind, redact(error.message, secrets), {
          status: error.status,
          retryable: error.retryable,
          retryAfterMs: error.retryAfterMs,
        });
      }
      throw error;
    }
  }

  function noCredentials(request: ModelRequest): ProviderError {
    const variable = API_KEY_VARIABLES[request.provider];
    return new ProviderError(
      'no-credentials',
      `${variable} is not set, so ${request.provider} cannot be called live (--responses ${mode})`,
    );
  }

  return {
    async respond(request, context) {
      if (mode === 'live') {
        const provider = providers[request.provider];
        if (!provider) throw noCredentials(request);
        return { ...(await callLive(provider, request)), source: 'live' };
      }

      const store = await loadedStore(context.folderPath);
      const key = requestKey(request);
      if (mode === 'replay' || mode === 'auto') {
        const recorded = store.lookup(key, context.repeatIndex);
        if (recorded) return { ...recorded, usage: { ...recorded.usage }, source: 'replay' };
      }

      const provider = providers[request.provider];
      if (mode === 'replay') {
        throw new ProviderError(
          'missing-recording',
          `no recorded response for this request in ${store.path} (a new test, or the prompt, model or settings ` +
            `changed since recording); record it with: ${commandHint(context.folderPath)}`,
        );
      }
      if (!provider) {
        if (mode === 'record') throw noCredentials(request);
        const variable = API_KEY_VARIABLES[request.provider];
        throw new ProviderError(
          'no-credentials',
          `no recorded response for this request in ${store.path}, and ${variable} is not set to call ` +
            `${request.provider} live; set ${variable}, or record it with: ${commandHint(context.folderPath)}`,
        );
      }

      store.markUsed(key);
      const response = await callLive(provider, request);
      store.record(key, request, context.testName, context.repeatIndex, response, secrets);
      return { ...response, source: 'live' };
    },

    async save() {
      if (mode !== 'record' && mode !== 'auto') return [];
      const written: string[] = [];
      const loaded = await Promise.all(
        [...stores.values()].map((store) => store.then((value) => value, () => undefined)),
      );
      for (const store of loaded) {
        if (!store) continue;
        // Record mode re-records everything the run asked for, so what it did not ask for is
        // stale; auto mode only fills gaps and must not throw away other runs' recordings.
        if (await store.save(options.writeFile, { prune: mode === 'record', secrets })) written.push(store.path);
      }
      return written.sort();
    },
  };
}

export interface ProvidersFromEnvOptions {
  /** Per call; default 60 s. */
  timeoutMs?: number;
  onWarning?: (message: string) => void;
  /** Load the SDKs right away (the run will call live) instead of on the first call. */
  preload?: boolean;
}

/**
 * A provider whose SDK is imported on its first call. A replayed run never loads either SDK,
 * and a live run loads only the one it uses: each costs ~100 ms and 30 MB to load.
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
export function createProvidersFromEnv(
  env: Record<string, string | undefined>,
  options: ProvidersFromEnvOptions = {},
): Providers {
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
    providers.openai = lazyProvider('openai', async () => (await import('./openai.js')).createOpenAIProvider(settings), !!options.preload);
  }
  const anthropicKey = value('ANTHROPIC_API_KEY');
  if (anthropicKey) {
    const settings = {
      apiKey: anthropicKey,
      baseURL: value('ANTHROPIC_BASE_URL'),
      timeoutMs: options.timeoutMs,
      onWarning: options.onWarning,
    };
    providers.anthropic = lazyProvider('anthropic', async () => (await import('./anthropic.js')).createAnthropicProvider(settings), !!options.preload);
  }
  return providers;
}
