import { q as redact, P as ProviderError, t as formatWait, u as retryAfterMsFrom, D as DEFAULT_CALL_TIMEOUT_MS } from './cli-entry.js';

/** Maps an HTTP error status (and the body's type/code) to a ProviderError kind. */
function providerErrorForStatus(label, failure) {
    const { status } = failure;
    const detail = failure.apiMessage ? `: ${shorten(redact(failure.apiMessage, label.secrets))}` : '';
    const say = (what) => `${label.name} ${status} ${what}${detail}`;
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
function isQuotaFailure(failure) {
    if (failure.status === 402)
        return true;
    const words = `${failure.type ?? ''} ${failure.code ?? ''}`;
    return /insufficient_quota|billing_error|spend_limit|credit_balance/.test(words);
}
function providerErrorForTransport(label, failure, detail = {}) {
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
function bodyFailureOf(error) {
    if (!isErrorLike(error))
        return undefined;
    if (error.name === 'SyntaxError')
        return 'broken-body';
    if (error.name === 'TypeError' && /terminated|other side closed/i.test(`${error.message} ${causeOf(error)}`)) {
        return 'cut-body';
    }
    return undefined;
}
/** The innermost useful reason (ECONNREFUSED, other side closed, ...), never a stack. */
function causeOf(error) {
    let current = error;
    let reason = '';
    for (let depth = 0; depth < 5 && isErrorLike(current); depth += 1) {
        const { code, message } = current;
        reason = typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
        current = current.cause;
    }
    return reason;
}
function isErrorLike(value) {
    return (typeof value === 'object' &&
        value !== null &&
        typeof value.message === 'string' &&
        typeof value.name === 'string');
}
/** Provider messages can be long (whole request echoes); a report line needs the gist. */
function shorten(text, limit = 300) {
    const oneLine = text.replace(/\s+/g, ' ').trim();
    return oneLine.length > limit ? `${oneLine.slice(0, limit - 1)}\u2026` : oneLine;
}

function createSdkProvider(adapter) {
    const timeoutMs = adapter.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    return {
        name: adapter.name,
        async complete(request, callOptions) {
            adapter.beforeCall?.(request);
            const params = adapter.params(request);
            const deadline = new AbortController();
            const timer = setTimeout(() => deadline.abort(), timeoutMs);
            const signal = callOptions?.signal ? AbortSignal.any([callOptions.signal, deadline.signal]) : deadline.signal;
            const started = performance.now();
            try {
                const body = await adapter.send(params, signal);
                const latencyMs = Math.round(performance.now() - started);
                return { ...adapter.read(body, request), latencyMs };
            }
            catch (error) {
                throw toProviderError(error, adapter, deadline.signal.aborted, timeoutMs);
            }
            finally {
                clearTimeout(timer);
            }
        },
    };
}
function toProviderError(error, adapter, deadlineHit, timeoutMs) {
    const { label, errors } = adapter;
    if (error instanceof ProviderError)
        return error;
    if (deadlineHit || error instanceof errors.APIConnectionTimeoutError) {
        return providerErrorForTransport(label, 'timeout', { timeoutMs });
    }
    if (error instanceof errors.APIUserAbortError) {
        return new ProviderError('network', `${label.name}: the call was cancelled`);
    }
    if (error instanceof errors.APIConnectionError) {
        return providerErrorForTransport(label, 'connection', { target: adapter.baseURL, cause: causeOf(error) });
    }
    const failure = adapter.httpFailureOf(error);
    if (failure)
        return providerErrorForStatus(label, failure);
    const bodyFailure = bodyFailureOf(error);
    if (bodyFailure)
        return providerErrorForTransport(label, bodyFailure, { cause: causeOf(error) });
    return error;
}

export { createSdkProvider as c, providerErrorForTransport as p };
