import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

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
const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };

/** What Node's fetch rejects with when the connection fails: the SDKs look at the cause. */
const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });
/** What Node's fetch's body rejects with when the connection drops mid-body. */
const terminated = (cause: unknown) => new TypeError('terminated', { cause });
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

export const httpFetch: typeof fetch = (input, init = {}) => {
  const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : undefined;
  const { body } = init;
  const plainBody = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
  if (!url || !(url.protocol in agents) || !plainBody || usesEnvProxy()) return fetch(input, init);
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(aborted());

  return new Promise<Response>((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, {
      method: init.method ?? 'GET',
      headers: headersOf(init.headers, body),
      agent: agents[url.protocol as keyof typeof agents],
    });
    const onAbort = () => {
      request.destroy();
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    request.on('error', (error) => {
      done();
      reject(fetchFailed(error));
    });
    request.on('response', (response) => {
      if (REDIRECT.has(response.statusCode ?? 0) && response.headers.location) {
        // Node's fetch follows redirects; so it is asked to, from the start.
        response.resume();
        done();
        resolve(fetch(input, init));
        return;
      }
      // A status a Response cannot hold fails the call as a connection failure, not the process.
      const settle = (bytes: Buffer | undefined, bodyError?: unknown) => {
        done();
        try {
          resolve(responseOf(response, bytes, bodyError));
        } catch (error) {
          reject(fetchFailed(error));
        }
      };
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        let bytes: Buffer;
        try {
          bytes = decoded(Buffer.concat(chunks), response.headers['content-encoding']);
        } catch (error) {
          return settle(undefined, terminated(error));
        }
        settle(bytes);
      });
      // A body cut off after the headers fails as Node's fetch's does: when the SDK reads it.
      response.on('error', (error) => {
        if (signal?.aborted) return done();
        settle(undefined, terminated(error));
      });
    });
    request.end(body ?? undefined);
  });
};

function headersOf(source: RequestInit['headers'], body: RequestInit['body']): Record<string, string> {
  const headers: Record<string, string> = {};
  (source instanceof Headers ? source : new Headers(source)).forEach((value, name) => {
    headers[name] = value;
  });
  // Sent whole with its length, as fetch sends a text body (not chunked).
  if (body !== undefined && body !== null)
    headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : (body as Uint8Array).byteLength);
  return headers;
}

/** The whole body, or an error the SDK meets on reading it (as with fetch's body stream). */
function responseOf(response: IncomingMessage, bytes: Buffer | undefined, bodyError?: unknown): Response {
  const status = response.statusCode ?? 0;
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const body = NULL_BODY.has(status)
    ? null
    : bodyError !== undefined
      ? new ReadableStream({ start: (controller) => controller.error(bodyError) })
      : bytes!;
  return new Response(body, { status, statusText: response.statusMessage ?? '', headers });
}

/** Nothing asks for compression, but a server or a proxy may compress anyway; fetch decodes. */
function decoded(bytes: Buffer, encoding: string | undefined): Buffer {
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
function usesEnvProxy(): boolean {
  const flag = process.env.NODE_USE_ENV_PROXY;
  return (flag !== undefined && flag !== '' && flag !== '0') || PROXY_FLAG_AT_START;
}
