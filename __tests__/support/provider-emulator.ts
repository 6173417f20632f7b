import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback server of our own that speaks the OpenAI Chat Completions and the Anthropic
 * Messages wire formats closely enough for the official SDKs, so tests (and the example
 * recording script) exercise the real SDK code paths — serialization, headers, error classes,
 * timeouts — without the network. Answers are deterministic and scriptable; faults are queued.
 */

/**
 * `azure` speaks OpenAI's wire format on Azure's deployment URL, with its own key header.
 * `bedrock` and `vertex` speak Anthropic's on the platforms' URLs, as @anthropic-ai/bedrock-sdk
 * and @anthropic-ai/vertex-sdk send it (their client.mjs): POST /model/{id}/invoke, and POST
 * /v1/projects/{project}/locations/{region}/publishers/anthropic/models/{id}:rawPredict, the
 * model in the URL and `anthropic_version` in the body.
 */
export type EmulatedApi = 'openai' | 'anthropic' | 'azure' | 'bedrock' | 'vertex';

/** The APIs that answer in Anthropic's Messages format. */
export function speaksAnthropic(api: EmulatedApi): boolean {
  return api === 'anthropic' || api === 'bedrock' || api === 'vertex';
}

export interface EmulatedMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** assistant: the tool calls of the turn (OpenAI `tool_calls`, Anthropic `tool_use` blocks), arguments parsed. */
  toolCalls?: Array<{ id: string; name: string; arguments: unknown }>;
  /** tool: the call it answers (OpenAI `tool_call_id`, Anthropic `tool_use_id`). */
  toolCallId?: string;
}

/** A request as the emulator understood it, for `answer` functions. */
export interface EmulatedRequest {
  api: EmulatedApi;
  model: string;
  /** System prompt first (Anthropic's `system` param becomes a system message here). */
  messages: EmulatedMessage[];
  lastUserMessage: string;
  temperature?: number;
  maxTokens?: number;
  /** The structured-output schema, if the request asked for one. */
  jsonSchema?: Record<string, unknown>;
  /** Tools offered, in promptgate's format (read back from either wire format). */
  tools: Array<{ name: string; description?: string; parameters: unknown }>;
  topP?: number;
  /** OpenAI `reasoning_effort`, Anthropic `thinking.budget_tokens`, as sent. */
  reasoningEffort?: string;
  thinkingBudget?: number;
  /** Azure: the deployment named in the URL, and the api-version query. */
  deployment?: string;
  apiVersion?: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** Token counts in promptgate's terms; the emulator turns them into each wire format. */
export interface EmulatedUsage {
  /** All input tokens, cached ones included. */
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  /** Of the cache writes, those with the 1-hour TTL (Anthropic `cache_creation`). */
  cacheWrite1hTokens?: number;
}

export type Answer =
  | string
  | {
      text: string;
      usage?: Partial<EmulatedUsage>;
      /** The model the reply claims (e.g. a dated snapshot); default: the requested one. */
      model?: string;
      /**
       * Why the model stopped, in either vocabulary: each API is sent its own word
       * (length <-> max_tokens, tool_calls <-> tool_use, stop <-> end_turn).
       */
      finishReason?: string;
      /** Replaces the wire `usage` object wholesale, to test odd provider payloads. */
      rawUsage?: Record<string, unknown>;
      /** Tool calls: OpenAI `message.tool_calls` (arguments as JSON text), Anthropic `tool_use` blocks. */
      toolCalls?: Array<{ name: string; arguments: Record<string, unknown> }>;
      /** A refusal: OpenAI `message.refusal` with null content; Anthropic stop_reason `refusal`. */
      refusal?: string;
      /** Anthropic `thinking` blocks before the text (extended / adaptive thinking). */
      thinking?: string[];
      /** Of the output tokens, those spent reasoning: OpenAI `reasoning_tokens`, Anthropic `thinking_tokens`. */
      reasoningTokens?: number;
    }
  /**
   * A body served exactly as given, with this status (default 200): the shapes real servers
   * send that the SDK-shaped answers above cannot (a 200 holding an error, content as a list…).
   */
  | { raw: unknown; status?: number };

export type AnswerFunction = (request: EmulatedRequest) => Answer | Promise<Answer>;

export type FaultType =
  | 'rate-limit' // 429 with retry-after / retry-after-ms when given
  | 'quota' // OpenAI 429 insufficient_quota; Anthropic 429 enforced_spend_limit_reached
  | 'auth' // 401
  | 'bad-request' // 400
  | 'server' // 500
  | 'overloaded' // 529
  | 'hang' // never answers
  | 'reset' // destroys the connection before answering
  | 'broken-json' // 200 with a body that is not JSON
  | 'truncated' // 200 whose body stops half way (connection dropped)
  | 'stalled-body'; // 200 whose body stops half way, the connection left open

export interface Fault {
  type: FaultType;
  /** How many matching requests it hits; default 1. */
  times?: number;
  /** Only requests to this API. */
  api?: EmulatedApi;
  /** Only requests this accepts. */
  when?: (request: EmulatedRequest) => boolean;
  retryAfterSeconds?: number;
  retryAfterMs?: number;
}

export interface ReceivedRequest {
  api: EmulatedApi | 'unknown';
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The fault served instead of an answer, if any. */
  fault?: FaultType;
}

export interface EmulatorOptions {
  answer?: AnswerFunction;
  /** The rubric judge's replies; default: the emulated judge (judgeAnswer). */
  judge?: AnswerFunction;
  /** Delay before every reply (ms), fixed or per request. */
  latencyMs?: number | ((request: EmulatedRequest) => number);
  faults?: Fault[];
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  tls?: { key: string; cert: string };
  /** The vector of one text for /embeddings; default bagOfWordsEmbedding. */
  embed?: (text: string) => number[];
}

export interface RunningEmulator {
  url: string;
  /** What OPENAI_BASE_URL would be: the SDK appends /chat/completions. */
  openaiBaseURL: string;
  /** Google's STS token exchange (an external_account credential's token_url) on this server. */
  googleTokenURL: string;
  /** What ANTHROPIC_BASE_URL would be: the SDK appends /v1/messages. */
  anthropicBaseURL: string;
  /** Every request received, in arrival order. */
  requests: ReceivedRequest[];
  requestCount(api?: EmulatedApi): number;
  /** Replaces the fault queue. */
  setFaults(faults: Fault[]): void;
  setAnswer(answer: AnswerFunction | undefined): void;
  setLatency(latencyMs: EmulatorOptions['latencyMs']): void;
  /** Forgets received requests (the counters start again at zero). */
  reset(): void;
  close(): Promise<void>;
}

/** Scripted replies by the last user message, e.g. for recording the examples. */
export function answerByLastUserMessage(table: Record<string, Answer>, fallback?: AnswerFunction): AnswerFunction {
  return (request) => table[request.lastUserMessage] ?? (fallback ?? defaultAnswer)(request);
}

/**
 * A deterministic "flaky" model: each listed user message gets its answers in turn, one per
 * call, cycling (e.g. right, wrong, right, …), so repeats of one test disagree reproducibly.
 * Other messages go to `fallback`.
 */
export function alternatingByMessage(table: Record<string, Answer[]>, fallback: AnswerFunction = defaultAnswer): AnswerFunction {
  const calls = new Map<string, number>();
  return (request) => {
    const answers = table[request.lastUserMessage];
    if (!answers || answers.length === 0) return fallback(request);
    const count = calls.get(request.lastUserMessage) ?? 0;
    calls.set(request.lastUserMessage, count + 1);
    return answers[count % answers.length]!;
  };
}

/** Text in a judged answer that the emulated judge scores low: a leaked system prompt. */
export const JUDGE_LOW_MARKERS = ['Core responsibilities', 'LEAK'];

/**
 * The judge prompt's opening line (src/run/judge.ts). Matched as text, not imported: the
 * emulator is also loaded by the bench and record scripts, which run it without a TypeScript
 * resolver. A reworded judge prompt makes the judged tests fail, which points here.
 */
const JUDGE_PROMPT_OPENING = "You are a strict, impartial grader of an AI assistant's answers.";

export function isJudgeRequest(request: EmulatedRequest): boolean {
  return request.messages[0]?.role === 'system' && request.messages[0].content.startsWith(JUDGE_PROMPT_OPENING);
}

/**
 * The emulated judge: reads the JSON document promptgate sends and scores 0.1 when the answer
 * holds a JUDGE_LOW_MARKERS text, else 0.9, with a reason naming what it saw. Deterministic, so
 * judged checks are tested through the SDKs and their recordings replay identically.
 */
export function judgeAnswer(request: EmulatedRequest): Answer {
  let answer = '';
  try {
    const document = JSON.parse(request.lastUserMessage) as { answer?: unknown };
    answer = typeof document.answer === 'string' ? document.answer : '';
  } catch {
    return JSON.stringify({ score: 0, reason: 'the judge request held no JSON document' });
  }
  const marker = JUDGE_LOW_MARKERS.find((text) => answer.includes(text));
  return JSON.stringify(
    marker
      ? { score: 0.1, reason: `The answer reveals internal text ("${marker}").` }
      : { score: 0.9, reason: 'The answer meets the rubric.' },
  );
}

/** The default reply: JSON derived from the request, the same for the same request. */
export function defaultAnswer(request: EmulatedRequest): Answer {
  return JSON.stringify({ input: request.lastUserMessage, model: request.model, messages: request.messages.length });
}

/** Roughly four characters a token: deterministic, and proportional like the real thing. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export async function startProviderEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  let answer = options.answer ?? defaultAnswer;
  let latency = options.latencyMs ?? 0;
  let faults: Fault[] = [...(options.faults ?? [])];
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let sequence = 0;

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: `emulator failure: ${String(error)}` } });
      });
    });
  };
  const server = options.tls ? createTlsServer(options.tls, onRequest) : createServer(onRequest);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse, rawBody: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = url.pathname;
    if (req.method === 'POST' && path === GOOGLE_TOKEN_PATH) {
      requests.push({ api: 'unknown', method: 'POST', path, headers: req.headers, body: rawBody });
      return sendJson(res, 200, googleToken());
    }
    const api = apiOf(req.method ?? 'GET', path);
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = rawBody;
    }
    const embeddingsApi = embeddingsApiOf(req.method ?? 'GET', path);
    const received: ReceivedRequest = {
      api: api ?? embeddingsApi ?? 'unknown',
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body,
    };
    requests.push(received);
    if (embeddingsApi && isRecord(body)) return handleEmbeddings(req, res, embeddingsApi, body, received);
    if (!api) return sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
    if (!isRecord(body)) return sendError(res, api, 400, 'invalid_request_error', 'request body is not a JSON object');
    // Azure's own answers when the SDK gets the deployment URL, api-version or api-key wrong.
    if (api === 'azure') {
      if (!url.searchParams.get('api-version')) return sendJson(res, 404, { error: { code: '404', message: 'Resource not found' } });
      if (!headerValue(req.headers['api-key'])) {
        return sendJson(res, 401, {
          error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint.' },
        });
      }
    }

    const refused = conversationError(api, body);
    if (refused) return sendError(res, api, 400, 'invalid_request_error', refused.message, undefined, {}, refused.param);
    const request = understand(api, req.headers, body, url);
    const refusal = api === 'openai' || api === 'azure' ? refusedByModel(request) : undefined;
    if (refusal) return sendJson(res, 400, { error: refusal });
    const fault = takeFault(request);
    if (fault) received.fault = fault.type;
    const delay = typeof latency === 'function' ? latency(request) : latency;
    if (delay > 0) await wait(delay);
    if (fault) return serveFault(req, res, api, fault);

    // promptgate's rubric judge is answered by the emulated judge, whatever the scripted model.
    const judge = options.judge ?? judgeAnswer;
    const scripted = await (isJudgeRequest(request) ? judge(request) : answer(request));
    if (typeof scripted === 'object' && 'raw' in scripted) return sendJson(res, scripted.status ?? 200, scripted.raw);
    const reply = normalizeAnswer(scripted, request);
    sequence += 1;
    const payload = speaksAnthropic(api) ? anthropicMessage(reply, sequence) : openaiCompletion(reply, sequence);
    sendJson(res, 200, payload, requestIdHeader(api, sequence));
  }

  /**
   * POST /embeddings as OpenAI answers it (and Azure on a deployment): `{ object: "list", data:
   * [{ object: "embedding", index, embedding }], model, usage: { prompt_tokens, total_tokens } }`
   * (the API reference's embedding object), one vector per input in order, as floats or, when
   * asked (the SDK's default), as base64 of little-endian float32 (openai-node lib/embeddings.ts).
   */
  async function handleEmbeddings(
    req: IncomingMessage,
    res: ServerResponse,
    api: EmulatedApi,
    body: Record<string, unknown>,
    received: ReceivedRequest,
  ): Promise<void> {
    const inputs = (Array.isArray(body.input) ? body.input : [body.input]).map((item) => (typeof item === 'string' ? item : ''));
    // OpenAI's own answer to an empty (or blank) text, as aryn-ai/sycamore#943 quotes it.
    if (inputs.some((input) => input.trim() === '')) {
      return sendError(
        res,
        api,
        400,
        'invalid_request_error',
        "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
      );
    }
    const request: EmulatedRequest = {
      api,
      model: typeof body.model === 'string' ? body.model : '',
      messages: inputs.map((content) => ({ role: 'user', content })),
      lastUserMessage: inputs.at(-1) ?? '',
      tools: [],
      headers: req.headers,
      body,
    };
    const fault = takeFault(request);
    if (fault) {
      received.fault = fault.type;
      return serveFault(req, res, api, fault);
    }
    const base64 = body.encoding_format === 'base64';
    sequence += 1;
    const data = inputs.map((input, index) => {
      const vector = (options.embed ?? bagOfWordsEmbedding)(input);
      return { object: 'embedding', index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector };
    });
    const tokens = inputs.reduce((total, input) => total + estimateTokens(input), 0);
    sendJson(
      res,
      200,
      { object: 'list', data, model: request.model, usage: { prompt_tokens: tokens, total_tokens: tokens } },
      requestIdHeader(api, sequence),
    );
  }

  function takeFault(request: EmulatedRequest): Fault | undefined {
    const index = faults.findIndex((fault) => (!fault.api || fault.api === request.api) && (!fault.when || fault.when(request)));
    if (index < 0) return undefined;
    const fault = faults[index]!;
    const remaining = (fault.times ?? 1) - 1;
    if (remaining > 0) faults[index] = { ...fault, times: remaining };
    else faults.splice(index, 1);
    return fault;
  }

  function wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // Keep-alive connections are reused by the SDKs' fetch; close() destroys them all.
  server.keepAliveTimeout = 5_000;
  const { port } = server.address() as AddressInfo;
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;

  return {
    url,
    openaiBaseURL: `${url}/v1`,
    googleTokenURL: `${url}${GOOGLE_TOKEN_PATH}`,
    anthropicBaseURL: url,
    requests,
    requestCount: (api) => (api ? requests.filter((request) => request.api === api).length : requests.length),
    setFaults(next) {
      faults = [...next];
    },
    setAnswer(next) {
      answer = next ?? defaultAnswer;
    },
    setLatency(next) {
      latency = next ?? 0;
    },
    reset() {
      requests.length = 0;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

const AZURE_CHAT_PATH = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;
const BEDROCK_INVOKE_PATH = /^\/model\/([^/]+)\/invoke$/;
const VERTEX_PREDICT_PATH = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/anthropic\/models\/([^/]+):rawPredict$/;
const GOOGLE_TOKEN_PATH = '/v1/token';
const AZURE_EMBEDDINGS_PATH = /^\/openai\/deployments\/([^/]+)\/embeddings$/;

function embeddingsApiOf(method: string, path: string): EmulatedApi | undefined {
  if (method !== 'POST') return undefined;
  if (path === '/v1/embeddings' || path === '/embeddings') return 'openai';
  return AZURE_EMBEDDINGS_PATH.test(path) ? 'azure' : undefined;
}

/** The number of dimensions of the emulated embeddings. */
export const EMBEDDING_DIMENSIONS = 64;

/**
 * A deterministic stand-in for an embedding model: each word (lower case) is hashed (FNV-1a)
 * to a dimension and a sign, and the counts are normalised. Texts with the same words are
 * identical (cosine 1), texts sharing many words are close, texts sharing none are near 0.
 */
export function bagOfWordsEmbedding(text: string): number[] {
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let hash = 0x811c9dc5;
    for (const char of word) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193) >>> 0;
    vector[hash % EMBEDDING_DIMENSIONS]! += hash & 0x10000 ? 1 : -1;
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

function apiOf(method: string, path: string): EmulatedApi | undefined {
  if (method !== 'POST') return undefined;
  if (path === '/v1/chat/completions' || path === '/chat/completions') return 'openai';
  if (AZURE_CHAT_PATH.test(path)) return 'azure';
  if (path === '/v1/messages') return 'anthropic';
  if (BEDROCK_INVOKE_PATH.test(path)) return 'bedrock';
  if (VERTEX_PREDICT_PATH.test(path)) return 'vertex';
  return undefined;
}

/** The model named in a Bedrock or Vertex URL (the SDKs encode it: `anthropic.claude…-v1%3A0`). */
function modelInPath(api: EmulatedApi, path: string): string | undefined {
  const match = api === 'bedrock' ? BEDROCK_INVOKE_PATH.exec(path) : api === 'vertex' ? VERTEX_PREDICT_PATH.exec(path) : null;
  const encoded = api === 'bedrock' ? match?.[1] : match?.[3];
  return encoded === undefined ? undefined : decodeURIComponent(encoded);
}

/**
 * Google's STS answer to a token exchange (cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token):
 * what google-auth-library's external_account client (GitHub's workload identity federation)
 * turns into a bearer token for Vertex.
 */
function googleToken() {
  return {
    access_token: 'ya29.emulated-access-token',
    issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    token_type: 'Bearer',
    expires_in: 3600,
  };
}

/**
 * OpenAI's reasoning models refuse sampling settings with a 400 (the bodies users report:
 * tmc/langchaingo#1355 for gpt-5*, openai/openai-python#2072 and lobehub/lobehub#7747 for the
 * o-series); GPT-5.1 and later take them with reasoning_effort none.
 */
function refusedByModel(request: EmulatedRequest): Record<string, unknown> | undefined {
  const name = request.model.split('/').pop() ?? request.model;
  if (!/^(?:gpt-5(?!-chat)|o\d)/.test(name)) return undefined;
  if (request.reasoningEffort === 'none' && /^gpt-5\.[1-9]/.test(name)) return undefined;
  const gpt5 = name.startsWith('gpt-5');
  if (request.temperature !== undefined && !(gpt5 && request.temperature === 1)) {
    return gpt5
      ? {
          message: `Unsupported value: 'temperature' does not support ${request.temperature} with this model. Only the default (1) value is supported.`,
          type: 'invalid_request_error',
          param: 'temperature',
          code: 'unsupported_value',
        }
      : {
          message: "Unsupported parameter: 'temperature' is not supported with this model.",
          type: 'invalid_request_error',
          param: 'temperature',
          code: 'unsupported_parameter',
        };
  }
  if (request.topP !== undefined) {
    return {
      message: "Unsupported parameter: 'top_p' is not supported with this model.",
      type: 'invalid_request_error',
      param: 'top_p',
      code: 'unsupported_parameter',
    };
  }
  return undefined;
}

function understand(api: EmulatedApi, headers: IncomingHttpHeaders, body: Record<string, unknown>, url: URL): EmulatedRequest {
  const messages: EmulatedMessage[] = [];
  const anthropicWire = speaksAnthropic(api);
  if (anthropicWire && body.system !== undefined) messages.push({ role: 'system', content: textOf(body.system) });
  for (const message of Array.isArray(body.messages) ? body.messages : []) {
    if (!isRecord(message)) continue;
    messages.push(...turnsOf(api, message));
  }
  const lastUserMessage = [...messages].reverse().find((message) => message.role === 'user')?.content ?? '';
  const responseFormat = isRecord(body.response_format) ? body.response_format : undefined;
  const openaiSchema = isRecord(responseFormat?.json_schema) ? responseFormat.json_schema.schema : undefined;
  const outputConfig = isRecord(body.output_config) ? body.output_config : undefined;
  const anthropicSchema = isRecord(outputConfig?.format) ? outputConfig.format.schema : undefined;
  const jsonSchema = anthropicWire ? anthropicSchema : openaiSchema;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  const tools = (Array.isArray(body.tools) ? body.tools : []).filter(isRecord).map((tool) => {
    const definition = anthropicWire ? tool : isRecord(tool.function) ? tool.function : {};
    return {
      name: String(definition.name),
      ...(typeof definition.description === 'string' ? { description: definition.description } : {}),
      parameters: anthropicWire ? definition.input_schema : definition.parameters,
    };
  });
  const deployment = api === 'azure' ? decodeURIComponent(AZURE_CHAT_PATH.exec(url.pathname)?.[1] ?? '') : undefined;
  const apiVersion = url.searchParams.get('api-version') ?? undefined;
  const thinking = isRecord(body.thinking) ? body.thinking : undefined;
  return {
    api,
    model: modelInPath(api, url.pathname) ?? (typeof body.model === 'string' ? body.model : ''),
    tools,
    ...(typeof body.top_p === 'number' ? { topP: body.top_p } : {}),
    ...(typeof body.reasoning_effort === 'string' ? { reasoningEffort: body.reasoning_effort } : {}),
    ...(typeof thinking?.budget_tokens === 'number' ? { thinkingBudget: thinking.budget_tokens } : {}),
    ...(deployment !== undefined ? { deployment } : {}),
    ...(apiVersion !== undefined ? { apiVersion } : {}),
    messages,
    lastUserMessage,
    ...(typeof body.temperature === 'number' ? { temperature: body.temperature } : {}),
    ...(typeof maxTokens === 'number' ? { maxTokens } : {}),
    ...(isRecord(jsonSchema) ? { jsonSchema } : {}),
    headers,
    body,
  };
}

/**
 * One wire message as turns: OpenAI's `tool_calls` and `role: tool` messages; Anthropic's
 * `tool_use` blocks in an assistant turn and `tool_result` blocks in a user turn (each its own
 * tool turn, then the turn's text, if any, as a user turn).
 */
function turnsOf(api: EmulatedApi, message: Record<string, unknown>): EmulatedMessage[] {
  const blocks = Array.isArray(message.content) ? message.content.filter(isRecord) : [];
  if (!speaksAnthropic(api)) {
    if (message.role === 'tool') return [{ role: 'tool', content: textOf(message.content), toolCallId: String(message.tool_call_id) }];
    const calls = Array.isArray(message.tool_calls) ? message.tool_calls.filter(isRecord) : [];
    const role = message.role === 'assistant' || message.role === 'system' ? message.role : 'user';
    const toolCalls = calls.map((call) => {
      const fn = isRecord(call.function) ? call.function : {};
      return { id: String(call.id), name: String(fn.name), arguments: JSON.parse(String(fn.arguments ?? '{}')) as unknown };
    });
    return [{ role, content: textOf(message.content), ...(toolCalls.length > 0 ? { toolCalls } : {}) }];
  }
  if (message.role === 'assistant') {
    const toolCalls = blocks
      .filter((block) => block.type === 'tool_use')
      .map((block) => ({ id: String(block.id), name: String(block.name), arguments: block.input }));
    return [{ role: 'assistant', content: textOf(message.content), ...(toolCalls.length > 0 ? { toolCalls } : {}) }];
  }
  const results = blocks.filter((block) => block.type === 'tool_result');
  const turns: EmulatedMessage[] = results.map((block) => ({
    role: 'tool',
    content: textOf(block.content),
    toolCallId: String(block.tool_use_id),
  }));
  const text = textOf(Array.isArray(message.content) ? blocks.filter((block) => block.type !== 'tool_result') : message.content);
  if (results.length === 0 || text !== '') turns.push({ role: 'user', content: text });
  return turns;
}

/** Content may be a string or a list of text blocks / parts, in both APIs. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
  }
  return '';
}

interface Reply {
  text: string;
  model: string;
  usage: EmulatedUsage;
  finishReason?: string;
  rawUsage?: Record<string, unknown>;
  toolCalls?: Array<{ name: string; arguments: Record<string, unknown> }>;
  refusal?: string;
  thinking?: string[];
  reasoningTokens?: number;
}

function normalizeAnswer(answer: Exclude<Answer, { raw: unknown }>, request: EmulatedRequest): Reply {
  const scripted = typeof answer === 'string' ? { text: answer } : answer;
  const promptText = request.messages.map((message) => message.content).join('\n');
  const usage: EmulatedUsage = {
    inputTokens: scripted.usage?.inputTokens ?? estimateTokens(promptText) + 3 * request.messages.length,
    outputTokens: scripted.usage?.outputTokens ?? estimateTokens(scripted.text),
    cachedInputTokens: scripted.usage?.cachedInputTokens ?? 0,
    cacheWriteTokens: scripted.usage?.cacheWriteTokens ?? 0,
    cacheWrite1hTokens: scripted.usage?.cacheWrite1hTokens ?? 0,
  };
  return {
    text: scripted.text,
    model: scripted.model ?? request.model,
    usage,
    ...(scripted.finishReason ? { finishReason: scripted.finishReason } : {}),
    ...(scripted.rawUsage ? { rawUsage: scripted.rawUsage } : {}),
    ...(scripted.toolCalls ? { toolCalls: scripted.toolCalls } : {}),
    ...(scripted.refusal !== undefined ? { refusal: scripted.refusal } : {}),
    ...(scripted.thinking ? { thinking: scripted.thinking } : {}),
    ...(scripted.reasoningTokens !== undefined ? { reasoningTokens: scripted.reasoningTokens } : {}),
  };
}

const OPENAI_WORD: Record<string, string> = { max_tokens: 'length', tool_use: 'tool_calls', end_turn: 'stop' };
const ANTHROPIC_WORD: Record<string, string> = { length: 'max_tokens', tool_calls: 'tool_use', stop: 'end_turn' };

const CREATED = 1_735_689_600; // fixed, so replies are byte-for-byte repeatable

function openaiCompletion(reply: Reply, sequence: number) {
  const { usage } = reply;
  return {
    id: `chatcmpl-emu${sequence}`,
    object: 'chat.completion',
    created: CREATED,
    model: reply.model,
    choices: [
      {
        index: 0,
        // As the API answers (and openai-node's captured bodies show): a refusal has null
        // content, a tool-call answer has null content and `tool_calls` with JSON-text arguments.
        message: {
          role: 'assistant',
          content: reply.refusal !== undefined || (reply.toolCalls && reply.text === '') ? null : reply.text,
          refusal: reply.refusal ?? null,
          annotations: [],
          ...(reply.toolCalls
            ? {
                tool_calls: reply.toolCalls.map((call, index) => ({
                  id: `call_emu${sequence}_${index}`,
                  type: 'function',
                  function: { name: call.name, arguments: JSON.stringify(call.arguments) },
                })),
              }
            : {}),
        },
        logprobs: null,
        finish_reason: wordFor(OPENAI_WORD, reply.finishReason) ?? (reply.toolCalls ? 'tool_calls' : 'stop'),
      },
    ],
    usage: reply.rawUsage ?? {
      prompt_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
      prompt_tokens_details: { cached_tokens: usage.cachedInputTokens, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: reply.reasoningTokens ?? 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_emulator',
  };
}

function anthropicMessage(reply: Reply, sequence: number) {
  const { usage } = reply;
  const uncached = Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens);
  return {
    id: `msg_emu${sequence}`,
    type: 'message',
    role: 'assistant',
    model: reply.model,
    content: [
      ...(reply.thinking ?? []).map((thinking, index) => ({ type: 'thinking', thinking, signature: `sig_emu${sequence}_${index}` })),
      ...(reply.refusal !== undefined ? [{ type: 'text', text: reply.refusal, citations: null }] : []),
      ...(reply.text !== '' || (!reply.toolCalls && reply.refusal === undefined)
        ? [{ type: 'text', text: reply.text, citations: null }]
        : []),
      ...(reply.toolCalls ?? []).map((call, index) => ({
        type: 'tool_use',
        id: `toolu_emu${sequence}_${index}`,
        name: call.name,
        input: call.arguments,
      })),
    ],
    stop_reason:
      wordFor(ANTHROPIC_WORD, reply.finishReason) ?? (reply.refusal !== undefined ? 'refusal' : reply.toolCalls ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: reply.rawUsage ?? {
      input_tokens: uncached,
      output_tokens: usage.outputTokens,
      cache_creation_input_tokens: usage.cacheWriteTokens,
      cache_read_input_tokens: usage.cachedInputTokens,
      cache_creation: {
        ephemeral_5m_input_tokens: usage.cacheWriteTokens - (usage.cacheWrite1hTokens ?? 0),
        ephemeral_1h_input_tokens: usage.cacheWrite1hTokens ?? 0,
      },
      server_tool_use: null,
      service_tier: 'standard',
      inference_geo: null,
      output_tokens_details: reply.reasoningTokens !== undefined ? { thinking_tokens: reply.reasoningTokens } : null,
      speed: null,
    },
  };
}

function wordFor(words: Record<string, string>, reason: string | undefined): string | undefined {
  return reason === undefined ? undefined : (words[reason] ?? reason);
}

function serveFault(req: IncomingMessage, res: ServerResponse, api: EmulatedApi, fault: Fault): void {
  const retryHeaders: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) retryHeaders['retry-after'] = String(fault.retryAfterSeconds);
  if (fault.retryAfterMs !== undefined) retryHeaders['retry-after-ms'] = String(fault.retryAfterMs);
  switch (fault.type) {
    case 'rate-limit':
      return !speaksAnthropic(api)
        ? sendError(
            res,
            api,
            429,
            'requests',
            'Rate limit reached for requests per min. Please try again shortly.',
            'rate_limit_exceeded',
            retryHeaders,
          )
        : sendError(
            res,
            api,
            429,
            'rate_limit_error',
            'Number of request tokens has exceeded your per-minute rate limit.',
            undefined,
            retryHeaders,
          );
    case 'quota':
      return !speaksAnthropic(api)
        ? sendError(
            res,
            api,
            429,
            'insufficient_quota',
            'You exceeded your current quota, please check your plan and billing details.',
            'insufficient_quota',
          )
        : sendError(
            res,
            api,
            429,
            'rate_limit_error',
            'Your organization has reached its monthly spend limit.',
            'enforced_spend_limit_reached',
          );
    case 'auth': {
      // OpenAI and @anthropic-ai/sdk 1.x send `Authorization: Bearer`; older Anthropic clients x-api-key.
      const key = bearerOf(req.headers.authorization) || headerValue(req.headers['x-api-key']);
      // Like the real OpenAI message, the key shows only masked.
      const masked = key.length > 8 ? `${key.slice(0, 3)}${'*'.repeat(key.length - 7)}${key.slice(-4)}` : '***';
      return !speaksAnthropic(api)
        ? sendError(res, api, 401, 'invalid_request_error', `Incorrect API key provided: ${masked}.`, 'invalid_api_key')
        : sendError(res, api, 401, 'authentication_error', 'invalid API key');
    }
    case 'bad-request':
      return sendError(res, api, 400, 'invalid_request_error', 'The request is invalid: unsupported parameter.');
    case 'server':
      return !speaksAnthropic(api)
        ? sendError(res, api, 500, 'server_error', 'The server had an error while processing your request.')
        : sendError(res, api, 500, 'api_error', 'Internal server error');
    case 'overloaded':
      return sendError(res, api, 529, !speaksAnthropic(api) ? 'server_error' : 'overloaded_error', 'Overloaded', undefined, retryHeaders);
    case 'hang':
      return; // the socket stays open until the client gives up or the emulator closes
    case 'reset':
      req.socket.destroy();
      return;
    case 'broken-json': {
      const body = '{"id": "broken", "object": "chat.completion", "choices": [{"index": 0, "message": {"role": "assi';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    case 'truncated': {
      const body = JSON.stringify({ id: 'cut', object: 'chat.completion', padding: 'x'.repeat(2048) });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.write(body.slice(0, body.length >> 1), () => req.socket.destroy());
      return;
    }
    case 'stalled-body': {
      // Headers and half the body, then nothing until the client gives up or the emulator closes:
      // a timeout that only covers waiting for the headers never fires.
      const body = JSON.stringify({ id: 'stalled', object: 'chat.completion', padding: 'x'.repeat(2048) });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.write(body.slice(0, body.length >> 1));
      return;
    }
  }
}

/**
 * What the real APIs refuse in a conversation with tool turns, in their own words (as users
 * report them):
 * - OpenAI: "An assistant message with 'tool_calls' must be followed by tool messages responding
 *   to each 'tool_call_id'. The following tool_call_ids did not have response messages: …"
 *   (BerriAI/litellm#10083) and "Invalid parameter: messages with role 'tool' must be a response
 *   to a preceeding message with 'tool_calls'." with param `messages.[4].role` (smarter-sh/smarter#264);
 * - Anthropic: "messages.22: `tool_use` ids were found without `tool_result` blocks immediately
 *   after: …" (anthropics/claude-code#5989) and "messages.0.content.0: unexpected `tool_use_id`
 *   found in `tool_result` blocks: …" (anthropics/claude-code#18947).
 */
function conversationError(api: EmulatedApi, body: Record<string, unknown>): { message: string; param?: string } | undefined {
  const messages = (Array.isArray(body.messages) ? body.messages : []).filter(isRecord);
  if (!speaksAnthropic(api)) {
    let open: string[] = [];
    for (const [index, message] of messages.entries()) {
      if (message.role === 'tool') {
        const id = String(message.tool_call_id);
        if (!open.includes(id)) {
          return {
            message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
            param: `messages.[${index}].role`,
          };
        }
        open = open.filter((candidate) => candidate !== id);
        continue;
      }
      if (open.length > 0) {
        return {
          message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${open.join(', ')}`,
          param: 'messages',
        };
      }
      const calls = Array.isArray(message.tool_calls) ? message.tool_calls.filter(isRecord) : [];
      open = calls.map((call) => String(call.id));
    }
    return undefined;
  }
  const blocksOf = (message: Record<string, unknown> | undefined) =>
    Array.isArray(message?.content) ? message.content.filter(isRecord) : [];
  for (const [index, message] of messages.entries()) {
    const uses = message.role === 'assistant' ? blocksOf(message).filter((block) => block.type === 'tool_use') : [];
    const next = messages[index + 1];
    const answered =
      next?.role === 'user'
        ? blocksOf(next)
            .filter((block) => block.type === 'tool_result')
            .map((block) => String(block.tool_use_id))
        : [];
    const missing = uses.map((block) => String(block.id)).filter((id) => !answered.includes(id));
    if (missing.length > 0) {
      return {
        message: `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
      };
    }
    const previous =
      index > 0
        ? blocksOf(messages[index - 1])
            .filter((block) => block.type === 'tool_use')
            .map((block) => String(block.id))
        : [];
    for (const [at, block] of blocksOf(message).entries()) {
      if (block.type === 'tool_result' && !previous.includes(String(block.tool_use_id))) {
        return {
          message: `messages.${index}.content.${at}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
        };
      }
    }
  }
  return undefined;
}

/** Each API's documented error body. */
function sendError(
  res: ServerResponse,
  api: EmulatedApi,
  status: number,
  type: string,
  message: string,
  code?: string,
  headers: Record<string, string> = {},
  param: string | null = null,
): void {
  const body = !speaksAnthropic(api)
    ? { error: { message, type, param, code: code ?? null } }
    : { type: 'error', error: { type, message, ...(code ? { details: { error_code: code } } : {}) }, request_id: 'req_emu_error' };
  sendJson(res, status, body, headers);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function requestIdHeader(api: EmulatedApi, sequence: number): Record<string, string> {
  return !speaksAnthropic(api) ? { 'x-request-id': `req_emu${sequence}` } : { 'request-id': `req_emu${sequence}` };
}

function bearerOf(header: string | undefined): string {
  return header?.replace(/^Bearer\s+/i, '') ?? '';
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
