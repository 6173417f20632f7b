import {
  bodyFailureOf,
  causeOf,
  providerErrorForStatus,
  providerErrorForTransport,
  type HttpFailure,
  type ProviderLabel,
} from './error-classification.js';
import { DEFAULT_CALL_TIMEOUT_MS } from './retry.js';
import { ProviderError, type ModelRequest, type ModelResponse, type Provider, type ProviderName } from './types.js';

/**
 * The part every official-SDK provider shares: a measured latency, and the SDK's error classes
 * mapped to ProviderError kinds. Each adapter (openai.ts, anthropic.ts) only says how to build
 * its request, how to send it and how to read its answer.
 *
 * The deadline of a call is the SDK's own timeout, given to its client: the client's fetch
 * (http-fetch.ts) reads the whole body inside the SDK's timed fetch, so a body that stalls
 * half way is bounded by it too. No timer, AbortController or composed signal of ours per call:
 * at concurrency 20 every bit of per-call work delays the next call.
 */

// The SDKs' error classes take different constructor arguments; only `instanceof` is used.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ErrorClass = abstract new (...args: any[]) => Error;

export interface SdkErrorClasses {
  APIConnectionTimeoutError: ErrorClass;
  APIUserAbortError: ErrorClass;
  APIConnectionError: ErrorClass;
}

export interface SdkAdapter<Params> {
  name: ProviderName;
  label: ProviderLabel;
  /** Where calls go, named in "could not reach" messages. */
  baseURL: string;
  /** The timeout the adapter gave its SDK client (the SDK enforces it), for messages. */
  timeoutMs?: number;
  /** The SDK's request parameters for a provider-neutral request. */
  params(request: ModelRequest): Params;
  /** The signal is the run's cancel, when there is one. */
  send(params: Params, signal: AbortSignal | undefined): Promise<unknown>;
  /** Checks and reads the SDK's answer; throws a broken-response ProviderError when it is not one. */
  read(body: unknown, request: ModelRequest): Omit<ModelResponse, 'latencyMs'>;
  errors: SdkErrorClasses;
  /** The HTTP status and body details of the SDK's APIError, or undefined for anything else. */
  httpFailureOf(error: unknown): HttpFailure | undefined;
  /** Called before each call, e.g. to warn once about a setting the API cannot take. */
  beforeCall?(request: ModelRequest): void;
}

export function createSdkProvider<Params>(adapter: SdkAdapter<Params>): Provider {
  const timeoutMs = adapter.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  return {
    name: adapter.name,
    async complete(request, callOptions) {
      adapter.beforeCall?.(request);
      const params = adapter.params(request);
      const started = performance.now();
      try {
        const body = await adapter.send(params, callOptions?.signal);
        const latencyMs = Math.round(performance.now() - started);
        return { ...adapter.read(body, request), latencyMs };
      } catch (error) {
        throw toProviderError(error, adapter, timeoutMs);
      }
    },
  };
}

function toProviderError<Params>(error: unknown, adapter: SdkAdapter<Params>, timeoutMs: number): unknown {
  const { label, errors } = adapter;
  if (error instanceof ProviderError) return error;
  if (error instanceof errors.APIConnectionTimeoutError) {
    return providerErrorForTransport(label, 'timeout', { timeoutMs });
  }
  if (error instanceof errors.APIUserAbortError) {
    return new ProviderError('network', `${label.name}: the call was cancelled`);
  }
  if (error instanceof errors.APIConnectionError) {
    return providerErrorForTransport(label, 'connection', { target: adapter.baseURL, cause: causeOf(error) });
  }
  const failure = adapter.httpFailureOf(error);
  if (failure) return providerErrorForStatus(label, failure);
  const bodyFailure = bodyFailureOf(error);
  if (bodyFailure) return providerErrorForTransport(label, bodyFailure, { cause: causeOf(error) });
  return error;
}
