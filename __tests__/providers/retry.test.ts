import { describe, expect, it } from '@jest/globals';
import { providerErrorForStatus, type ProviderLabel } from '../../src/providers/error-classification.js';
import { backoffDelay, retryAfterMsFrom, withRetries } from '../../src/providers/retry.js';
import { ProviderError } from '../../src/providers/types.js';
import { redact } from '../../src/lib/secrets.js';

const label: ProviderLabel = { name: 'openai', keyVariable: 'OPENAI_API_KEY', secrets: ['sk-secret-1234'] };

/** A call that fails with the given errors in turn, then answers; it counts its calls. */
function scripted(failures: Error[]) {
  let calls = 0;
  const call = async () => {
    calls += 1;
    const failure = failures[calls - 1];
    if (failure) throw failure;
    return 'answer';
  };
  return { call, calls: () => calls };
}

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

const serverError = () => new ProviderError('server', 'openai 500 server error', { status: 500, retryable: true });

describe('withRetries', () => {
  it('retries retryable errors until the call answers', async () => {
    const { call, calls } = scripted([serverError(), serverError()]);
    const { waits, sleep } = recordingSleep();
    const retries: number[] = [];
    await expect(withRetries(call, { sleep, onRetry: ({ attempt }) => retries.push(attempt) })).resolves.toBe('answer');
    expect(calls()).toBe(3);
    expect(waits).toHaveLength(2);
    expect(retries).toEqual([1, 2]);
  });

  it('does not retry what cannot succeed', async () => {
    for (const kind of ['auth', 'bad-request', 'quota'] as const) {
      const { call, calls } = scripted([new ProviderError(kind, `${kind} failure`)]);
      await expect(withRetries(call, recordingSleep())).rejects.toMatchObject({ kind });
      expect(calls()).toBe(1);
    }
  });

  it('lets errors that are not provider errors through untouched', async () => {
    const bug = new RangeError('a bug');
    const { call, calls } = scripted([bug]);
    await expect(withRetries(call, recordingSleep())).rejects.toBe(bug);
    expect(calls()).toBe(1);
  });

  it('is bounded, and says how many attempts it made', async () => {
    const { call, calls } = scripted(Array.from({ length: 10 }, serverError));
    const error = await withRetries(call, { maxAttempts: 3, ...recordingSleep() }).catch((e: unknown) => e);
    expect(calls()).toBe(3);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('server');
    expect((error as ProviderError).message).toContain('gave up after 3 attempts');
  });

  it('defaults to 4 attempts', async () => {
    const { call, calls } = scripted(Array.from({ length: 10 }, serverError));
    await expect(withRetries(call, recordingSleep())).rejects.toBeInstanceOf(ProviderError);
    expect(calls()).toBe(4);
  });

  it('waits as long as the provider asks', async () => {
    const limited = new ProviderError('rate-limit', 'openai 429', { status: 429, retryable: true, retryAfterMs: 1234 });
    const { call } = scripted([limited]);
    const { waits, sleep } = recordingSleep();
    await withRetries(call, { sleep });
    expect(waits).toEqual([1234]);
  });

  it('fails at once when the provider asks for longer than maxDelayMs', async () => {
    const limited = new ProviderError('rate-limit', 'openai 429 rate limited', { status: 429, retryable: true, retryAfterMs: 90_000 });
    const { call, calls } = scripted([limited]);
    const { waits, sleep } = recordingSleep();
    const error = (await withRetries(call, { sleep, maxDelayMs: 30_000 }).catch((e: unknown) => e)) as ProviderError;
    expect(calls()).toBe(1);
    expect(waits).toEqual([]);
    expect(error.kind).toBe('rate-limit');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('retry after 90 s, longer than the 30 s this run waits');
  });

  it('backs off exponentially with jitter when there is no hint', async () => {
    const { call } = scripted([serverError(), serverError(), serverError()]);
    const { waits, sleep } = recordingSleep();
    await withRetries(call, { sleep, baseDelayMs: 100, random: () => 1 });
    expect(waits).toEqual([100, 200, 400]);
    expect(backoffDelay(3, 100, 30_000, () => 0)).toBe(200); // half of the 400 step
    expect(backoffDelay(20, 100, 30_000, () => 1)).toBe(30_000); // capped
  });

  it('retries a timeout or a broken body only once', async () => {
    for (const kind of ['timeout', 'broken-response'] as const) {
      const failures = Array.from({ length: 5 }, () => new ProviderError(kind, kind, { retryable: true }));
      const { call, calls } = scripted(failures);
      await expect(withRetries(call, recordingSleep())).rejects.toMatchObject({ kind });
      expect(calls()).toBe(2);
    }
  });

  it('really sleeps when no sleep is injected', async () => {
    const limited = new ProviderError('rate-limit', '429', { status: 429, retryable: true, retryAfterMs: 60 });
    const { call } = scripted([limited]);
    const started = performance.now();
    await withRetries(call);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });
});

describe('retryAfterMsFrom', () => {
  const headers = (values: Record<string, string>) => new Headers(values);

  it('prefers retry-after-ms', () => {
    expect(retryAfterMsFrom(headers({ 'retry-after-ms': '250', 'retry-after': '7' }))).toBe(250);
  });
  it('reads retry-after in seconds', () => {
    expect(retryAfterMsFrom(headers({ 'retry-after': '7' }))).toBe(7000);
  });
  it('reads retry-after as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMsFrom(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMsFrom(headers({ 'retry-after': 'Tue, 31 Dec 2024 00:00:00 GMT' }), now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(retryAfterMsFrom(headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMsFrom(headers({}))).toBeUndefined();
    expect(retryAfterMsFrom(undefined)).toBeUndefined();
  });
});

describe('providerErrorForStatus', () => {
  const kindOf = (status: number, extra: { type?: string; code?: string } = {}) => {
    const error = providerErrorForStatus(label, { status, ...extra });
    return [error.kind, error.retryable];
  };

  it('maps statuses to kinds, retryable only where a retry can help', () => {
    expect(kindOf(401)).toEqual(['auth', false]);
    expect(kindOf(403)).toEqual(['auth', false]);
    expect(kindOf(400)).toEqual(['bad-request', false]);
    expect(kindOf(404)).toEqual(['bad-request', false]);
    expect(kindOf(422)).toEqual(['bad-request', false]);
    expect(kindOf(429)).toEqual(['rate-limit', true]);
    expect(kindOf(429, { type: 'insufficient_quota', code: 'insufficient_quota' })).toEqual(['quota', false]);
    expect(kindOf(429, { type: 'rate_limit_error', code: 'enforced_spend_limit_reached' })).toEqual(['quota', false]);
    expect(kindOf(402)).toEqual(['quota', false]);
    expect(kindOf(500)).toEqual(['server', true]);
    expect(kindOf(503)).toEqual(['server', true]);
    expect(kindOf(529)).toEqual(['overloaded', true]);
  });

  it('carries the retry hint and a short message without the key', () => {
    const error = providerErrorForStatus(label, {
      status: 429,
      apiMessage: `Rate limit for key sk-secret-1234\n reached`,
      headers: new Headers({ 'retry-after-ms': '40' }),
    });
    expect(error.retryAfterMs).toBe(40);
    expect(error.message).toBe('openai 429 rate limited: Rate limit for key [REDACTED] reached');
  });

  it('tells which variable to check on auth failures', () => {
    expect(providerErrorForStatus(label, { status: 401 }).message).toContain('OPENAI_API_KEY');
  });
});

describe('redact', () => {
  it('replaces every occurrence and ignores trivially short secrets', () => {
    expect(redact('a-KEY-b-KEY', ['KEY', 'a-KEY'])).toBe('[REDACTED]-b-KEY');
    expect(redact('abcd abcd', ['abcd'])).toBe('[REDACTED] [REDACTED]');
  });
});
