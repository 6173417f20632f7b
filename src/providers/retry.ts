import { ProviderError, type ProviderErrorKind } from './types.js';

/**
 * Retry policy for provider calls: which failures are worth another try, and how long to
 * wait first. The SDKs' own retries are switched off (maxRetries: 0) so that this is the one
 * place that decides, bounded, with the provider's retry hint honoured.
 */

export interface RetryOptions {
  /** Total attempts, the first included. Default 4. */
  maxAttempts?: number;
  /** First backoff step; it doubles each attempt. Default 500 ms. */
  baseDelayMs?: number;
  /** No single wait is longer; a provider asking for longer fails the call at once. Default 30 s. */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter, injectable so tests can pin it. */
  random?: () => number;
  onRetry?: (info: { attempt: number; delayMs: number; error: ProviderError }) => void;
}

export const DEFAULT_MAX_ATTEMPTS = 4;
export const DEFAULT_BASE_DELAY_MS = 500;
export const DEFAULT_MAX_DELAY_MS = 30_000;
/** Per provider call (the factories' timeoutMs default): the SDK timeout and our own deadline. */
export const DEFAULT_CALL_TIMEOUT_MS = 60_000;

/** Failures that tend to repeat (a stuck call, a broken body): one more try, not four. */
const SINGLE_RETRY_KINDS: ReadonlySet<ProviderErrorKind> = new Set(['timeout', 'broken-response']);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `call`, retrying retryable ProviderErrors; any other error passes straight through. */
export async function withRetries<T>(call: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
  const baseDelayMs = Math.max(0, options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS);
  const maxDelayMs = Math.max(0, options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;

  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call(attempt);
    } catch (error) {
      if (!(error instanceof ProviderError) || !error.retryable) throw error;
      const attemptLimit = SINGLE_RETRY_KINDS.has(error.kind) ? Math.min(2, maxAttempts) : maxAttempts;
      if (attempt >= attemptLimit) {
        throw attempt > 1 ? withNote(error, `gave up after ${attempt} attempts`, error.retryable) : error;
      }
      let delayMs: number;
      if (error.retryAfterMs !== undefined) {
        if (error.retryAfterMs > maxDelayMs) {
          const note = `the provider asks to retry after ${formatWait(error.retryAfterMs)}, longer than the ${formatWait(maxDelayMs)} this run waits; not retried`;
          throw withNote(error, note, false);
        }
        delayMs = error.retryAfterMs;
      } else {
        delayMs = backoffDelay(attempt, baseDelayMs, maxDelayMs, random);
      }
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so concurrent
 * tests that failed together spread apart yet every retry still waits.
 */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const step = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

function withNote(error: ProviderError, note: string, retryable: boolean): ProviderError {
  return new ProviderError(error.kind, `${error.message} (${note})`, {
    status: error.status,
    retryable,
    retryAfterMs: error.retryAfterMs,
  });
}

export function formatWait(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}

export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * The provider's retry hint: `retry-after-ms` (OpenAI, Anthropic), else `retry-after` in
 * seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterMsFrom(headers: HeaderReader | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null && milliseconds.trim() !== '') {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
