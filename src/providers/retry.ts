import { redact } from '../secrets.js';
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

function formatWait(ms: number): string {
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

/** What an HTTP error response says, in the terms both SDKs expose. */
export interface HttpFailure {
  status: number;
  /** Error type from the body (`insufficient_quota`, `rate_limit_error`, ...). */
  type?: string | null;
  /** Error code from the body (OpenAI `code`, Anthropic `details.error_code`). */
  code?: string | null;
  /** The provider's own explanation, when it gave one. */
  apiMessage?: string | null;
  headers?: HeaderReader;
}

/** Who is speaking, for messages that say what to do: `openai`, `OPENAI_API_KEY`. */
export interface ProviderLabel {
  name: string;
  keyVariable: string;
  /** Values to blank out of provider messages (the API key). */
  secrets: string[];
}

/** Maps an HTTP error status (and the body's type/code) to a ProviderError kind. */
export function providerErrorForStatus(label: ProviderLabel, failure: HttpFailure): ProviderError {
  const { status } = failure;
  const detail = failure.apiMessage ? `: ${shorten(redact(failure.apiMessage, label.secrets))}` : '';
  const say = (what: string) => `${label.name} ${status} ${what}${detail}`;
  if (isQuotaFailure(failure)) {
    return new ProviderError('quota', say(`quota or spend limit reached, retrying cannot help`), { status });
  }
  if (status === 401 || status === 403) {
    return new ProviderError('auth', say(`rejected the credentials (check ${label.keyVariable})`), { status });
  }
  if (status === 429) {
    const retryAfterMs = retryAfterMsFrom(failure.headers);
    return new ProviderError('rate-limit', say('rate limited'), { status, retryable: true, retryAfterMs });
  }
  if (status === 529) {
    const retryAfterMs = retryAfterMsFrom(failure.headers);
    return new ProviderError('overloaded', say('overloaded'), { status, retryable: true, retryAfterMs });
  }
  if (status === 408) {
    return new ProviderError('timeout', say('request timeout'), { status, retryable: true });
  }
  if (status === 409 || status >= 500) {
    const retryAfterMs = retryAfterMsFrom(failure.headers);
    return new ProviderError('server', say('server error'), { status, retryable: true, retryAfterMs });
  }
  return new ProviderError('bad-request', say('rejected the request'), { status });
}

function isQuotaFailure(failure: HttpFailure): boolean {
  if (failure.status === 402) return true;
  const words = `${failure.type ?? ''} ${failure.code ?? ''}`;
  return /insufficient_quota|billing_error|spend_limit|credit_balance/.test(words);
}

/** How a call failed before there was an HTTP status to judge. */
export type TransportFailure = 'timeout' | 'connection' | 'broken-body' | 'cut-body';

export function providerErrorForTransport(
  label: ProviderLabel,
  failure: TransportFailure,
  detail: { timeoutMs?: number; target?: string; cause?: string } = {},
): ProviderError {
  const cause = detail.cause ? ` (${shorten(redact(detail.cause, label.secrets))})` : '';
  switch (failure) {
    case 'timeout':
      return new ProviderError('timeout', `${label.name}: no answer within ${formatWait(detail.timeoutMs ?? 0)}`, {
        retryable: true,
      });
    case 'connection':
      return new ProviderError('network', `${label.name}: could not reach ${detail.target ?? 'the API'}${cause}`, {
        retryable: true,
      });
    case 'broken-body':
      return new ProviderError('broken-response', `${label.name}: the response body is not a valid answer${cause}`, {
        retryable: true,
      });
    case 'cut-body':
      return new ProviderError('broken-response', `${label.name}: the response body was cut off${cause}`, {
        retryable: true,
      });
  }
}

/**
 * Failures while reading a 200 body: invalid JSON, or the connection dropped mid-body.
 * Checked by name, not instanceof: fetch's errors can come from another realm (Jest's VM).
 */
export function bodyFailureOf(error: unknown): TransportFailure | undefined {
  if (!isErrorLike(error)) return undefined;
  if (error.name === 'SyntaxError') return 'broken-body';
  if (error.name === 'TypeError' && /terminated|other side closed/i.test(`${error.message} ${causeOf(error)}`)) {
    return 'cut-body';
  }
  return undefined;
}

/** The innermost useful reason (ECONNREFUSED, other side closed, ...), never a stack. */
export function causeOf(error: unknown): string {
  let current: unknown = error;
  let reason = '';
  for (let depth = 0; depth < 5 && isErrorLike(current); depth += 1) {
    const { code, message } = current;
    reason = typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
    current = current.cause;
  }
  return reason;
}

function isErrorLike(value: unknown): value is { name: string; message: string; code?: unknown; cause?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string' &&
    typeof (value as { name?: unknown }).name === 'string'
  );
}

/** Provider messages can be long (whole request echoes); a report line needs the gist. */
function shorten(text: string, limit = 300): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > limit ? `${oneLine.slice(0, limit - 1)}…` : oneLine;
}
