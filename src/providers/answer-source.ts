import { InputError } from '../lib/diagnostics.js';
import { fromRecorded, RecordingStore, toRecorded, type ReadFile, type WriteFile } from './recordings.js';
import { requestDigest } from './request-key.js';
import { callsInFlight, type AnswerCache } from './answer-cache.js';
import { withRetries, type RetryOptions } from './retry.js';
import type { CallToPrice, PricedCall } from './price-call.js';
import {
  ProviderError,
  type AnswerSource,
  type ModelRequest,
  type ModelResponse,
  type Provider,
  type ProviderName,
  type RequestContext,
  type SourcedResponse,
} from './types.js';
import { addUsd, emptyCallCount } from './call-count.js';
import { compareText } from '../lib/text-order.js';

/**
 * Where answers come from: recordings, live providers, or both. The runner asks for an answer
 * and gets one with its source, or a ProviderError that says what to do about it.
 */

/** Every response mode; the CLI and the action accept exactly these. */
export const RESPONSE_MODES = ['auto', 'replay', 'record', 'live'] as const;
export type ResponseMode = (typeof RESPONSE_MODES)[number];
export type Providers = Partial<Record<ProviderName, Provider>>;

export interface AnswerSourceOptions {
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
  /** Prices a live answer, for `calls.*.costUsd` (the run's own pricer: one price list). */
  priceCall?: (call: CallToPrice) => PricedCall;
  /**
   * The answer cache, read after recordings.json and before a live call (not in record mode,
   * which asks again on purpose), and given every live answer.
   */
  cache?: AnswerCache | undefined;
  /**
   * `promptgate prune` (replay mode only): `write` rewrites each recordings.json with only the
   * answers this run asked for; `check` writes nothing. Either way staleness() says what is unused.
   */
  prune?: 'write' | 'check' | undefined;
  /** The key variables of promptgate.yaml's endpoints (`api_key_env`), by endpoint name. */
  keyVariables?: Readonly<Record<string, string>>;
}

export const API_KEY_VARIABLES: Readonly<Record<string, string>> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  azure: 'AZURE_OPENAI_API_KEY (with AZURE_OPENAI_ENDPOINT and OPENAI_API_VERSION)',
  bedrock: 'AWS_REGION with AWS credentials (AWS_BEARER_TOKEN_BEDROCK, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)',
  vertex: 'CLOUD_ML_REGION (with Google credentials, e.g. GOOGLE_APPLICATION_CREDENTIALS)',
};

/** The modes that write recordings.json: the others never save a store. */
const WRITING_MODES: ReadonlySet<ResponseMode> = new Set(['record', 'auto']);

const defaultCommandHint = (folderPath: string) => `promptgate test ${folderPath} --responses record`;

export function createAnswerSource(options: AnswerSourceOptions): AnswerSource {
  const { mode, providers, secrets } = options;
  if (options.prune && mode !== 'replay') throw new Error(`pruning recordings needs replay mode, not ${mode}`);
  const writes = WRITING_MODES.has(mode) || options.prune === 'write';
  const keyVariable = (provider: ProviderName) =>
    options.keyVariables?.[provider] ?? API_KEY_VARIABLES[provider] ?? `an endpoint named ${provider} in promptgate.yaml`;
  const commandHint = options.commandHint ?? defaultCommandHint;
  // One load per folder, shared by all of its tests running at once.
  const stores = new Map<string, Promise<RecordingStore>>();
  // The same stores once loaded: a test after the first takes its store without an await.
  const ready = new Map<string, RecordingStore>();

  function storeFor(folderPath: string): Promise<RecordingStore> {
    let store = stores.get(folderPath);
    if (!store) {
      store = RecordingStore.load(folderPath, options.readFile, { readOnly: !writes });
      // Failures surface through respond(); the catch only keeps an unawaited rejection quiet.
      store.then((value) => ready.set(folderPath, value)).catch(() => undefined);
      stores.set(folderPath, store);
    }
    return store;
  }

  async function loadedStore(folderPath: string): Promise<RecordingStore> {
    try {
      return await storeFor(folderPath);
    } catch (error) {
      // The same fix in every mode: a broken file cannot be replayed, nor safely added to.
      if (error instanceof InputError) {
        throw new ProviderError('missing-recording', `${error.message}; delete it and record again: ${commandHint(folderPath)}`);
      }
      throw error;
    }
  }

  /** The stores this run loaded, by folder; a file that failed to load is left as it is. */
  async function loadedStores(): Promise<[string, RecordingStore][]> {
    const loaded = await Promise.all(
      [...stores].map(async ([folderPath, store]) => [folderPath, await store.catch(() => undefined)] as const),
    );
    return loaded.filter((pair): pair is [string, RecordingStore] => pair[1] !== undefined);
  }

  const counts = { prompt: emptyCallCount(), judge: emptyCallCount() };
  const countOf = (context: RequestContext) => counts[context.purpose ?? 'prompt'];

  // Every attempt is a request the provider received (and may bill, or count against a rate
  // limit), so each one is counted, retries included, before its outcome is known. An error's
  // message may quote what a server echoed: it reaches a file or a log only through the sinks
  // (publish/sinks.ts), which redact it there.
  async function callLive(provider: Provider, request: ModelRequest, context: RequestContext): Promise<ModelResponse> {
    const count = countOf(context);
    const response = await withRetries(() => {
      count.live += 1;
      return provider.complete(request);
    }, options.retry);
    count.costUsd = addUsd(count.costUsd, costOf(request, response));
    return response;
  }

  /** What an answer costs at today's prices (null: unknown). */
  function costOf(request: ModelRequest, response: ModelResponse): number | null {
    if (!options.priceCall) return null;
    return options.priceCall({
      provider: request.provider,
      requestedModel: request.model,
      servedModel: response.model,
      usage: response.usage,
    }).costUsd;
  }

  /** An answer that cost nothing this time: counted, with what calling for it would have cost. */
  function served(request: ModelRequest, context: RequestContext, response: ModelResponse, origin: 'replay' | 'cache'): SourcedResponse {
    const count = countOf(context);
    if (origin === 'replay') count.replayed += 1;
    else count.cached += 1;
    count.savedUsd = addUsd(count.savedUsd, costOf(request, response));
    return { ...response, source: origin };
  }

  /** A request nothing answered (no recording, no key): counted, then thrown. */
  function missing(context: RequestContext, error: ProviderError): ProviderError {
    countOf(context).missing += 1;
    return error;
  }

  function noCredentials(request: ModelRequest): ProviderError {
    const variable = keyVariable(request.provider);
    return new ProviderError(
      'no-credentials',
      `${variable} is not set, so ${request.provider} cannot be called live (--responses ${mode})`,
    );
  }

  /** Every live answer goes into the cache too, whatever the mode. */
  async function answerLive(provider: Provider, request: ModelRequest, context: RequestContext, digest: string): Promise<ModelResponse> {
    await context.beforeCall?.();
    const response = await callLive(provider, request, context);
    await options.cache?.put(digest, context.repeatIndex, toRecorded(response));
    return response;
  }

  const inFlight = options.cache ? callsInFlight(options.cache) : undefined;

  return {
    async respond(request, context) {
      const digest = requestDigest(request);
      if (mode === 'live') {
        const provider = providers[request.provider];
        if (!provider) throw missing(context, noCredentials(request));
        return { ...(await answerLive(provider, request, context, digest)), source: 'live' };
      }

      const store = ready.get(context.folderPath) ?? (await loadedStore(context.folderPath));
      const key = digest.slice(0, 20);
      if (mode === 'replay' || mode === 'auto') {
        const recorded = store.lookup(key, context.repeatIndex);
        if (recorded) return served(request, context, fromRecorded(recorded), 'replay');
        const cached = await options.cache?.get(digest, context.repeatIndex);
        if (cached) {
          const response = fromRecorded(cached);
          // auto records what the recordings lack: an answer from the cache is kept too, for free.
          if (mode === 'auto') store.record(key, request, context.testName, context.repeatIndex, response, secrets);
          return served(request, context, response, 'cache');
        }
      }

      const provider = providers[request.provider];
      if (mode === 'replay') {
        const recordedRuns = store.recordedRuns(key);
        if (recordedRuns > 0) {
          // Fewer runs recorded than asked for: reusing one would show N identical runs, and
          // never a flaky test; the missing runs are not run.
          throw missing(
            context,
            new ProviderError(
              'missing-recording',
              `${store.path} holds ${recordedRuns} recorded run${recordedRuns === 1 ? '' : 's'} of this request, not run ${context.repeatIndex + 1}; ` +
                `record the others with: ${commandHint(context.folderPath)} --repeat ${context.repeatIndex + 1}`,
            ),
          );
        }
        throw missing(
          context,
          new ProviderError(
            'missing-recording',
            `no recorded response for this request in ${store.path} (a new test, or the prompt, model or settings ` +
              `changed since recording); record it with: ${commandHint(context.folderPath)}`,
          ),
        );
      }
      if (!provider) {
        if (mode === 'record') throw missing(context, noCredentials(request));
        const variable = keyVariable(request.provider);
        throw missing(
          context,
          new ProviderError(
            'no-credentials',
            `no recorded response for this request in ${store.path}, and ${variable} is not set to call ` +
              `${request.provider} live; set ${variable}, or record it with: ${commandHint(context.folderPath)}`,
          ),
        );
      }

      // The same request already on its way (the base and head asking a judge the same thing,
      // two tests with one input): its answer serves this one too, as the cache would have.
      const flight = `${digest}-${context.repeatIndex}`;
      const shares = mode === 'auto' && inFlight !== undefined;
      const pending = shares ? inFlight.get(flight) : undefined;
      // Awaited only when there is one: between this check and the set below nothing may yield.
      const shared = pending ? await pending : undefined;
      if (shared) {
        store.record(key, request, context.testName, context.repeatIndex, shared, secrets);
        return served(request, context, shared, 'cache');
      }
      store.markUsed(key, context.repeatIndex);
      const call = (async () => {
        // A call for this request that ended after this one looked in the cache put its answer
        // there before it left the map: read once more, now that no other call can start.
        const late = shares ? await options.cache?.get(digest, context.repeatIndex) : undefined;
        if (late) return { response: fromRecorded(late), source: 'cache' as const };
        return { response: await answerLive(provider, request, context, digest), source: 'live' as const };
      })();
      // A failed call shares nothing: each waiter then makes its own.
      const sharing = call.then(
        (answer) => answer.response,
        () => undefined,
      );
      if (shares) inFlight?.set(flight, sharing);
      try {
        const { response, source } = await call;
        store.record(key, request, context.testName, context.repeatIndex, response, secrets);
        return source === 'cache' ? served(request, context, response, 'cache') : { ...response, source };
      } finally {
        if (inFlight?.get(flight) === sharing) inFlight.delete(flight);
      }
    },

    calls: () => ({ prompt: { ...counts.prompt }, judge: { ...counts.judge } }),

    async save(prunable = () => true) {
      if (!writes) return [];
      const written: string[] = [];
      for (const [folderPath, store] of await loadedStores()) {
        // Record mode re-records everything the run asked for, so what it did not ask for is
        // stale; auto mode only fills gaps and must not throw away other runs' recordings.
        const prune = (mode === 'record' || options.prune === 'write') && prunable(folderPath);
        if (await store.save(options.writeFile, { prune, secrets })) written.push(store.path);
      }
      return written.sort();
    },

    async staleness(prunable = () => true) {
      const stale = (await loadedStores())
        .filter(([folderPath]) => prunable(folderPath))
        .map(([, store]) => ({ path: store.path, ...store.staleness() }));
      return stale.sort((a, b) => compareText(a.path, b.path));
    },
  };
}
