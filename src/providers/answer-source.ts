import { InputError } from '../lib/diagnostics.js';
import { fromRecorded, RecordingStore, type ReadFile, type WriteFile } from './recordings.js';
import { requestKey } from './request-key.js';
import { withRetries, type RetryOptions } from './retry.js';
import { roundUsd } from '../lib/usd.js';
import type { CallToPrice, PricedCall } from './price-call.js';
import {
  ProviderError,
  type AnswerSource,
  type ModelRequest,
  type ModelResponse,
  type Provider,
  type ProviderName,
  type RequestContext,
} from './types.js';
import { emptyCallCount } from './call-count.js';

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
      store = RecordingStore.load(folderPath, options.readFile, { readOnly: !WRITING_MODES.has(mode) });
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
    if (count.costUsd !== null) {
      const { costUsd } = options.priceCall?.({
        provider: request.provider,
        requestedModel: request.model,
        servedModel: response.model,
        usage: response.usage,
      }) ?? { costUsd: null };
      count.costUsd = costUsd === null ? null : roundUsd(count.costUsd + costUsd);
    }
    return response;
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

  return {
    async respond(request, context) {
      if (mode === 'live') {
        const provider = providers[request.provider];
        if (!provider) throw missing(context, noCredentials(request));
        await context.beforeCall?.();
        return { ...(await callLive(provider, request, context)), source: 'live' };
      }

      const store = ready.get(context.folderPath) ?? (await loadedStore(context.folderPath));
      const key = requestKey(request);
      if (mode === 'replay' || mode === 'auto') {
        const recorded = store.lookup(key, context.repeatIndex);
        if (recorded) {
          countOf(context).replayed += 1;
          return { ...fromRecorded(recorded), source: 'replay' };
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

      store.markUsed(key);
      await context.beforeCall?.();
      const response = await callLive(provider, request, context);
      store.record(key, request, context.testName, context.repeatIndex, response, secrets);
      return { ...response, source: 'live' };
    },

    calls: () => ({ prompt: { ...counts.prompt }, judge: { ...counts.judge } }),

    async save() {
      if (!WRITING_MODES.has(mode)) return [];
      const written: string[] = [];
      const loaded = await Promise.all(
        [...stores.values()].map((store) =>
          store.then(
            (value) => value,
            () => undefined,
          ),
        ),
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
