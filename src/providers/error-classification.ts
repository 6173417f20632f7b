import { displayUrl, redact } from '../lib/secrets.js';
import { formatWait, retryAfterMsFrom, type HeaderReader } from './retry.js';
import { ProviderError } from './types.js';

/**
 * Error classification: what an SDK failure means in promptgate's terms (a ProviderError
 * kind, whether retrying can help, the provider's retry hint) and a message that says what
 * to do. The retry policy (retry.ts) only reads the verdict.
 */

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

/** OpenSSL's and Node's codes for a server certificate that cannot be trusted. */
const TLS_VERIFICATION_FAILURE = /\b(?:[A-Z_]*CERT[A-Z_]*|UNABLE_TO_VERIFY_LEAF_SIGNATURE|ERR_TLS_CERT_ALTNAME_INVALID)\b/;

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
      return new ProviderError(
        'network',
        `${label.name}: could not reach ${detail.target ? displayUrl(detail.target) : 'the API'}${cause}`,
        {
          // A certificate that does not verify will not verify on the next try either.
          retryable: !TLS_VERIFICATION_FAILURE.test(detail.cause ?? ''),
        },
      );
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
