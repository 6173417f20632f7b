import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { httpFetch } from '../../src/providers/http-fetch.js';

// The SDKs' fetch (src/providers/http-fetch.ts) against a real loopback server: what the SDKs
// rely on from fetch (status, headers, body, abort, failures) must hold over node:http too.

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let handler: Handler = (_req, res) => res.end('');
let server: Server;
let base: string;
const connections = new Set<Socket>();
let connectionCount = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (socket) => {
    connectionCount += 1;
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of connections) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(() => {
  delete process.env.NODE_USE_ENV_PROXY;
});

describe('httpFetch', () => {
  it('sends the method, headers and body, and answers with status, headers and body', async () => {
    let seen: { method?: string; headers?: IncomingMessage['headers']; body?: string } = {};
    handler = (req, res, body) => {
      seen = { method: req.method, headers: req.headers, body };
      res.writeHead(201, 'Made', [
        ['x-request-id', 'req_1'],
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
        ['content-type', 'application/json'],
      ]);
      res.end('{"ok":"é"}');
    };
    const body = JSON.stringify({ text: 'héllo' });
    const response = await httpFetch(`${base}/v1/chat`, {
      method: 'POST',
      headers: new Headers({ Authorization: 'Bearer k', 'Content-Type': 'application/json' }),
      body,
    });
    expect(seen.method).toBe('POST');
    expect(seen.headers?.authorization).toBe('Bearer k');
    expect(seen.headers?.['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(seen.headers?.['transfer-encoding']).toBeUndefined();
    expect(seen.headers?.['sec-fetch-mode']).toBeUndefined(); // not Node's fetch
    expect(seen.body).toBe(body);
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Made');
    expect(response.ok).toBe(true);
    expect(response.headers.get('x-request-id')).toBe('req_1');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ ok: 'é' });
  });

  it('reuses its connections (keep-alive)', async () => {
    handler = (_req, res) => res.end('{}');
    await httpFetch(`${base}/warm`, { method: 'POST', body: '{}' }).then((response) => response.text());
    const before = connectionCount;
    for (let i = 0; i < 5; i += 1) await httpFetch(`${base}/again`, { method: 'POST', body: '{}' }).then((response) => response.text());
    expect(connectionCount).toBe(before);
  });

  it('decodes a compressed body as fetch does', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
      res.end(gzipSync('{"zipped":true}'));
    };
    expect(await (await httpFetch(`${base}/gz`)).json()).toEqual({ zipped: true });
  });

  it('gives no body for a 204', async () => {
    handler = (_req, res) => {
      res.statusCode = 204;
      res.end();
    };
    const response = await httpFetch(`${base}/empty`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it('follows a redirect, as fetch does', async () => {
    handler = (req, res, body) => {
      if (req.url === '/old') {
        res.writeHead(307, { location: '/new' });
        res.end();
      } else res.end(`${req.method} ${req.url} ${body}`);
    };
    const response = await httpFetch(`${base}/old`, { method: 'POST', body: 'payload' });
    expect(await response.text()).toBe('POST /new payload');
  });

  it('fails a connection that cannot be made as fetch does, with the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = (await httpFetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e)) as Error & { cause?: { code?: string } };
    expect(error.name).toBe('TypeError');
    expect(error.message).toBe('fetch failed');
    expect(error.cause?.code).toBe('ECONNREFUSED');
  });

  it('answers a body cut off half way, and fails reading it as fetch does', async () => {
    handler = (req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"half":', () => req.socket.destroy());
    };
    const response = await httpFetch(`${base}/cut`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    const error = (await response.text().catch((e: unknown) => e)) as Error;
    expect(error.name).toBe('TypeError');
    expect(error.message).toBe('terminated');
  });

  it('rejects with an AbortError when its signal aborts, body included', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"stalled":'); // and never more
    };
    const controller = new AbortController();
    const pending = httpFetch(`${base}/stall`, { method: 'POST', body: '{}', signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = (await pending.catch((e: unknown) => e)) as Error;
    expect(error.name).toBe('AbortError');
    const alreadyAborted = (await httpFetch(`${base}/x`, { signal: controller.signal }).catch((e: unknown) => e)) as Error;
    expect(alreadyAborted.name).toBe('AbortError');
  });

  it('leaves a proxy from the environment to fetch', async () => {
    // NODE_USE_ENV_PROXY with no proxy variable set: fetch goes direct, and the answer is the same.
    process.env.NODE_USE_ENV_PROXY = '1';
    let mode: string | string[] | undefined;
    handler = (req, res) => {
      mode = req.headers['sec-fetch-mode'];
      res.end('direct');
    };
    expect(await (await httpFetch(`${base}/p`)).text()).toBe('direct');
    // Node's fetch sends sec-fetch-mode; httpFetch sends only the headers it is given.
    expect(mode).toBe('cors');
  });
});
