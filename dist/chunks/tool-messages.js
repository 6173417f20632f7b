const { Agent: Agent$1, request: request$1 } = globalThis.process.getBuiltinModule("node:http");
const { Agent, request } = globalThis.process.getBuiltinModule("node:https");
const { brotliDecompressSync, inflateSync, gunzipSync } = globalThis.process.getBuiltinModule("node:zlib");
import { a8 as redact, P as ProviderError, a9 as displayUrl, aa as formatWait, ab as retryAfterMsFrom, ac as DEFAULT_CALL_TIMEOUT_MS } from './engine.js';

/**
 * The `fetch` the official SDKs are given: the same HTTP over node:http(s) keep-alive agents
 * instead of Node's fetch (undici and web streams). The SDKs still build every request, apply
 * their timeouts, map every error and parse every answer; only the bytes move differently.
 *
 * Why: at concurrency 20 every answer's handling delays the next call, and in the live
 * benchmark Node's fetch was the largest cost of the process: the SDK over this fetch used
 * markedly less CPU and peak memory than over Node's (`scripts/bench-sdk-floor.mjs`, variants
 * `sdk` and `sdk-http`; docs/speed.md has the figures).
 *
 * The answer is read whole before the Response is made (promptgate never streams), so the
 * SDK's timeout, which spans the fetch, bounds a body that stalls half way too. Anything this
 * does not handle the way Node's fetch would (a body that is not text or bytes, a redirect,
 * a proxy from the environment) goes to Node's fetch unchanged.
 */
// One pool per scheme for the whole process: connections are reused across calls and
// providers. Idle sockets do not keep the process alive (the agent unrefs them).
const agents = { 'http:': new Agent$1({ keepAlive: true }), 'https:': new Agent({ keepAlive: true }) };
/** What Node's fetch rejects with when the connection fails: the SDKs look at the cause. */
const fetchFailed = (cause) => new TypeError('fetch failed', { cause });
/** What Node's fetch's body rejects with when the connection drops mid-body. */
const terminated = (cause) => new TypeError('terminated', { cause });
/**
 * What fetch rejects with on abort; the SDKs tell a timeout by the name. An Error rather than
 * fetch's DOMException: the SDKs recast anything not `instanceof Error`, losing the name, and
 * a DOMException is not one in another realm (Jest's VM).
 */
const aborted = () => Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
// The command-line form of NODE_USE_ENV_PROXY can only be given at start-up: looked up once.
const PROXY_FLAG_AT_START = process.execArgv.includes('--use-env-proxy') || (process.env.NODE_OPTIONS ?? '').includes('--use-env-proxy');
const REDIRECT = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 204, 205, 304]);
const httpFetch = (input, init = {}) => {
    const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : undefined;
    const { body } = init;
    const plainBody = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
    if (!url || !(url.protocol in agents) || !plainBody || usesEnvProxy())
        return fetch(input, init);
    const signal = init.signal ?? undefined;
    if (signal?.aborted)
        return Promise.reject(aborted());
    return new Promise((resolve, reject) => {
        const send = url.protocol === 'https:' ? request : request$1;
        const request$2 = send(url, {
            method: init.method ?? 'GET',
            headers: headersOf(init.headers, body),
            agent: agents[url.protocol],
        });
        const onAbort = () => {
            request$2.destroy();
            reject(aborted());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const done = () => signal?.removeEventListener('abort', onAbort);
        request$2.on('error', (error) => {
            done();
            reject(fetchFailed(error));
        });
        request$2.on('response', (response) => {
            if (REDIRECT.has(response.statusCode ?? 0) && response.headers.location) {
                // Node's fetch follows redirects; so it is asked to, from the start.
                response.resume();
                done();
                resolve(fetch(input, init));
                return;
            }
            // A status a Response cannot hold fails the call as a connection failure, not the process.
            const settle = (bytes, bodyError) => {
                done();
                try {
                    resolve(responseOf(response, bytes, bodyError));
                }
                catch (error) {
                    reject(fetchFailed(error));
                }
            };
            const chunks = [];
            response.on('data', (chunk) => chunks.push(chunk));
            response.on('end', () => {
                let bytes;
                try {
                    bytes = decoded(Buffer.concat(chunks), response.headers['content-encoding']);
                }
                catch (error) {
                    return settle(undefined, terminated(error));
                }
                settle(bytes);
            });
            // A body cut off after the headers fails as Node's fetch's does: when the SDK reads it.
            response.on('error', (error) => {
                if (signal?.aborted)
                    return done();
                settle(undefined, terminated(error));
            });
        });
        request$2.end(body ?? undefined);
    });
};
function headersOf(source, body) {
    const headers = {};
    (source instanceof Headers ? source : new Headers(source)).forEach((value, name) => {
        headers[name] = value;
    });
    // Sent whole with its length, as fetch sends a text body (not chunked).
    if (body !== undefined && body !== null)
        headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
    return headers;
}
/** The whole body, or an error the SDK meets on reading it (as with fetch's body stream). */
function responseOf(response, bytes, bodyError) {
    const status = response.statusCode ?? 0;
    const headers = new Headers();
    const raw = response.rawHeaders;
    for (let i = 0; i < raw.length; i += 2)
        headers.append(raw[i], raw[i + 1]);
    const body = NULL_BODY.has(status)
        ? null
        : bodyError !== undefined
            ? new ReadableStream({ start: (controller) => controller.error(bodyError) })
            : bytes;
    return new Response(body, { status, statusText: response.statusMessage ?? '', headers });
}
/** Nothing asks for compression, but a server or a proxy may compress anyway; fetch decodes. */
function decoded(bytes, encoding) {
    switch (encoding?.trim().toLowerCase()) {
        case 'gzip':
        case 'x-gzip':
            return gunzipSync(bytes);
        case 'deflate':
            return inflateSync(bytes);
        case 'br':
            return brotliDecompressSync(bytes);
        default:
            return bytes;
    }
}
/** Node's fetch honours HTTP(S)_PROXY when NODE_USE_ENV_PROXY is set; these agents would not. */
function usesEnvProxy() {
    const flag = process.env.NODE_USE_ENV_PROXY;
    return (flag !== undefined && flag !== '' && flag !== '0') || PROXY_FLAG_AT_START;
}

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
/** OpenSSL's and Node's codes for a server certificate that cannot be trusted. */
const TLS_VERIFICATION_FAILURE = /\b(?:[A-Z_]*CERT[A-Z_]*|UNABLE_TO_VERIFY_LEAF_SIGNATURE|ERR_TLS_CERT_ALTNAME_INVALID)\b/;
function providerErrorForTransport(label, failure, detail = {}) {
    const cause = detail.cause ? ` (${shorten(redact(detail.cause, label.secrets))})` : '';
    switch (failure) {
        case 'timeout':
            return new ProviderError('timeout', `${label.name}: no answer within ${formatWait(detail.timeoutMs ?? 0)}`, {
                retryable: true,
            });
        case 'connection':
            return new ProviderError('network', `${label.name}: could not reach ${detail.target ? displayUrl(detail.target) : 'the API'}${cause}`, {
                // A certificate that does not verify will not verify on the next try either.
                retryable: !TLS_VERIFICATION_FAILURE.test(detail.cause ?? ''),
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
            const started = performance.now();
            try {
                const body = await adapter.send(params, callOptions?.signal);
                const latencyMs = Math.round(performance.now() - started);
                return { ...adapter.read(body, request), latencyMs };
            }
            catch (error) {
                throw toProviderError(error, adapter, timeoutMs);
            }
        },
    };
}
function toProviderError(error, adapter, timeoutMs) {
    const { label, errors } = adapter;
    if (error instanceof ProviderError)
        return error;
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
    if (failure)
        return providerErrorForStatus(label, failure);
    const bodyFailure = bodyFailureOf(error);
    if (bodyFailure)
        return providerErrorForTransport(label, bodyFailure, { cause: causeOf(error) });
    return error;
}

/*
 * A conversation's turns in each provider's wire shape, tool calls and tool results included:
 *
 * - OpenAI Chat Completions: an assistant message with `tool_calls` (arguments as JSON text),
 *   then one `role: tool` message per call with its `tool_call_id`.
 * - Anthropic Messages: an assistant message whose content is its text and `tool_use` blocks,
 *   then one user message holding a `tool_result` block per call (tool_use_id); text that
 *   follows the results (the test's input) joins that user message after them, as the API wants
 *   the results first in the turn after the calls.
 *
 * Type-only imports: the SDKs themselves are loaded only by their adapters (lazily).
 */
/** The arguments as OpenAI sends them: JSON text (text that was never JSON stays as it was). */
function argumentsText(call) {
    return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {});
}
/** A call's id; every call in a conversation sent to a provider has one (loader and agent loop). */
function idOf(call, index) {
    return call.id ?? `call_${index}`;
}
function openaiMessages(messages) {
    return messages.map((message) => {
        if (message.role === 'tool')
            return { role: 'tool', tool_call_id: message.toolCallId ?? '', content: message.content };
        if (message.role === 'assistant' && message.toolCalls?.length) {
            return {
                role: 'assistant',
                // The API takes null content beside tool calls; an empty string is sent as no text.
                content: message.content === '' ? null : message.content,
                tool_calls: message.toolCalls.map((call, index) => ({
                    id: idOf(call, index),
                    type: 'function',
                    function: { name: call.name, arguments: argumentsText(call) },
                })),
            };
        }
        return { role: message.role, content: message.content };
    });
}
/** Everything but system messages (the adapter sends those as `system`). */
function anthropicMessages(messages) {
    const turns = [];
    // The user turn being built from tool results, so text and further results can join it.
    let results;
    for (const message of messages) {
        if (message.role === 'system')
            continue;
        if (message.role === 'tool') {
            const block = { type: 'tool_result', tool_use_id: message.toolCallId ?? '', content: message.content };
            if (results)
                results.push(block);
            else {
                results = [block];
                turns.push({ role: 'user', content: results });
            }
            continue;
        }
        if (message.role === 'user' && results) {
            results.push({ type: 'text', text: message.content });
            results = undefined;
            continue;
        }
        results = undefined;
        if (message.role === 'assistant' && message.toolCalls?.length) {
            turns.push({
                role: 'assistant',
                content: [
                    ...(message.content !== '' ? [{ type: 'text', text: message.content }] : []),
                    ...message.toolCalls.map((call, index) => ({
                        type: 'tool_use',
                        id: idOf(call, index),
                        name: call.name,
                        // tool_use input is an object; arguments the model wrote as non-JSON text are kept as text in one.
                        input: isObject(call.arguments) ? call.arguments : { arguments: call.arguments ?? null },
                    })),
                ],
            });
            continue;
        }
        turns.push({ role: message.role === 'assistant' ? 'assistant' : 'user', content: message.content });
    }
    return turns;
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export { providerErrorForStatus as a, anthropicMessages as b, createSdkProvider as c, httpFetch as h, openaiMessages as o, providerErrorForTransport as p };
