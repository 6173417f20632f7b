import Anthropic from '@anthropic-ai/sdk';
import { transformJSONSchema } from '@anthropic-ai/sdk/lib/transform-json-schema';
import type { MessageCreateParamsNonStreaming, MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { providerErrorForTransport, type ProviderLabel } from './error-classification.js';
import { finishReasonOf } from './finish-reason.js';
import { count, isRecord, parseArguments } from './payload.js';
import { httpFetch } from './http-fetch.js';
import { DEFAULT_CALL_TIMEOUT_MS } from './retry.js';
import { createSdkProvider } from './sdk-adapter.js';
import { onceEach, sdkWarningFilter, withWarningsTo } from './sdk-warnings.js';
import { anthropicMessages } from './tool-messages.js';
import {
  ANTHROPIC_DEFAULT_MAX_TOKENS,
  type ModelRequest,
  type ModelResponse,
  type Provider,
  type ProviderName,
  type ToolCall,
  type Usage,
} from './types.js';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export { ANTHROPIC_DEFAULT_MAX_TOKENS };

export interface AnthropicProviderOptions {
  apiKey: string;
  /** ANTHROPIC_BASE_URL, e.g. a gateway or a test server. */
  baseURL?: string;
  /** Per call, the whole call including reading the body. Default 60 s. */
  timeoutMs?: number;
  /** Told once per provider, e.g. that a temperature setting cannot be sent. */
  onWarning?: (message: string) => void;
}

/**
 * @anthropic-ai/sdk 1.x speaks API version 2026-10-21, whose Messages parameters have no
 * `temperature` (nor top_p/top_k): the SDK's types refuse it, and although the SDK would put an
 * unknown key on the wire, it is not an API parameter any more. Failing every test of a prompt
 * that sets a temperature would be worse than running it at the model's own sampling, so the
 * setting is dropped and the user is told so, once.
 */
export const TEMPERATURE_DROPPED_WARNING =
  'anthropic: the installed @anthropic-ai/sdk (API version 2026-10-21) has no temperature parameter, ' +
  "so the prompt's temperature setting is not sent; answers use the model's default sampling.";
export const TOP_P_DROPPED_WARNING =
  'anthropic: the installed @anthropic-ai/sdk (API version 2026-10-21) has no top_p parameter, ' +
  "so the prompt's top_p setting is not sent; answers use the model's default sampling.";

/** A Provider over the official `@anthropic-ai/sdk`, Messages API. */
export function createAnthropicProvider(options: AnthropicProviderOptions): Provider {
  const baseURL = options.baseURL || ANTHROPIC_DEFAULT_BASE_URL;
  // baseURL is passed explicitly so the SDK does not fall back to process.env; the SDK makes
  // no retries of its own (withRetries does). The timeout is the call's deadline, body included
  // (see sdk-adapter.ts); httpFetch: why there.
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL,
    timeout: options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
    maxRetries: 0,
    fetch: httpFetch,
  });
  const label: ProviderLabel = { name: 'anthropic', keyVariable: 'ANTHROPIC_API_KEY', secrets: [options.apiKey] };
  return messagesProvider({ name: 'anthropic', client, label, baseURL, ...pick(options) });
}

/** What a Messages API client needs to be a provider: Anthropic's own, Bedrock's or Vertex's. */
export interface MessagesProviderOptions {
  name: ProviderName;
  /** A client of @anthropic-ai/sdk or of a platform SDK built on it (BaseAnthropic). */
  client: { messages: Pick<Anthropic['messages'], 'create'> };
  label: ProviderLabel;
  baseURL: string;
  timeoutMs?: number;
  onWarning?: (message: string) => void;
}

function pick(options: { timeoutMs?: number; onWarning?: (message: string) => void }) {
  return {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  };
}

/**
 * The Messages API adapter shared by Anthropic, Bedrock and Vertex: the same request, answer,
 * finish reasons and errors (the platform SDKs throw @anthropic-ai/sdk's own error classes).
 */
export function messagesProvider(options: MessagesProviderOptions): Provider {
  const { client, label } = options;
  const warnOnce = onceEach(options.onWarning);
  // Without a warning sink the SDK's notices still reach the console, once each (console.warn is
  // taken now: while a call runs it is the catcher itself).
  const print = console.warn.bind(console);
  const sdkWarnings = sdkWarningFilter(label.name, options.onWarning ? warnOnce : onceEach((message) => print(message)));
  return createSdkProvider({
    name: options.name,
    label,
    baseURL: options.baseURL,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    beforeCall(request) {
      if (request.temperature !== undefined) warnOnce(TEMPERATURE_DROPPED_WARNING.replace(/^anthropic/, label.name));
      if (request.topP !== undefined) warnOnce(TOP_P_DROPPED_WARNING.replace(/^anthropic/, label.name));
    },
    params: messageParams,
    // The SDK prints its deprecation notices with console.warn on every call; they are caught
    // here, while create() runs (synchronously, before it returns its promise), and told once.
    send: (params, signal) => withWarningsTo(sdkWarnings, () => client.messages.create(params, { signal })),
    read: (body, request) => readMessage(body, request, label),
    errors: Anthropic,
    httpFailureOf: (error) =>
      error instanceof Anthropic.APIError && typeof error.status === 'number'
        ? { status: error.status, type: error.type, code: error.errorCode, apiMessage: error.apiMessage, headers: error.headers }
        : undefined,
  });
}

/** System messages go to `system`; examples and the input stay user/assistant turns. */
export function messageParams(request: ModelRequest): MessageCreateParamsNonStreaming {
  const system = request.messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content)
    .join('\n\n');
  const messages: MessageParam[] = anthropicMessages(request.messages);
  return {
    model: request.model,
    max_tokens: request.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages,
    ...(system ? { system } : {}),
    ...(request.thinkingBudget !== undefined ? { thinking: { type: 'enabled' as const, budget_tokens: request.thinkingBudget } } : {}),
    ...(request.jsonSchema
      ? { output_config: { format: { type: 'json_schema' as const, schema: structuredOutputSchema(request.jsonSchema) } } }
      : {}),
    ...(request.tools?.length
      ? {
          tools: request.tools.map((tool) => ({
            name: tool.name,
            ...(tool.description !== undefined ? { description: tool.description } : {}),
            input_schema: tool.parameters as Tool.InputSchema,
          })),
        }
      : {}),
  };
}

/**
 * Structured outputs accept a subset of JSON Schema. The SDK's own transform (the one its
 * jsonSchemaOutputFormat helper uses) closes objects and moves unsupported constraints into
 * descriptions; the full schema is still enforced afterwards by our own check. A schema the
 * transform cannot handle is sent as written, and the API says what it dislikes.
 */
export function structuredOutputSchema(schema: Record<string, unknown>): Record<string, unknown> {
  try {
    return transformJSONSchema(schema);
  } catch {
    return schema;
  }
}

/**
 * Text blocks are the answer. Thinking blocks stay visible as <think>…</think> before it (the
 * same shape reasoning models use in plain text, so checks find the JSON after it either way);
 * tool_use blocks are the answer's tool calls.
 */
function readMessage(body: unknown, request: ModelRequest, label: ProviderLabel): Omit<ModelResponse, 'latencyMs'> {
  if (!isRecord(body) || !Array.isArray(body.content)) {
    throw providerErrorForTransport(label, 'broken-body', { cause: 'no content in the response' });
  }
  let thinking = '';
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const block of body.content) {
    if (!isRecord(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    else if (block.type === 'thinking' && typeof block.thinking === 'string') thinking += `<think>${block.thinking}</think>\n`;
    else if (block.type === 'redacted_thinking') thinking += '<think>(redacted by the provider)</think>\n';
    else if (block.type === 'tool_use' && typeof block.name === 'string') {
      toolCalls.push({ name: block.name, arguments: parseArguments(block.input) });
    }
  }
  const finishReason = finishReasonOf(body.stop_reason);
  return {
    text: thinking + text,
    model: typeof body.model === 'string' && body.model ? body.model : request.model,
    usage: readUsage(body.usage),
    ...(finishReason ? { finishReason } : {}),
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
  };
}

/**
 * Anthropic reports uncached input, cache reads and cache writes apart; every one is input.
 * cache_creation splits the writes by TTL: 1-hour writes cost more than 5-minute ones.
 */
function readUsage(usage: unknown): Usage {
  if (!isRecord(usage)) return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, unreported: true };
  const uncached = count(usage.input_tokens);
  const cacheReads = count(usage.cache_read_input_tokens);
  const cacheWrites = count(usage.cache_creation_input_tokens);
  const oneHourWrites = isRecord(usage.cache_creation) ? Math.min(cacheWrites, count(usage.cache_creation.ephemeral_1h_input_tokens)) : 0;
  // output_tokens includes the thinking tokens (billed as output); output_tokens_details splits them out.
  const reasoningTokens = isRecord(usage.output_tokens_details) ? count(usage.output_tokens_details.thinking_tokens) : 0;
  return {
    inputTokens: uncached + cacheReads + cacheWrites,
    outputTokens: count(usage.output_tokens),
    cachedInputTokens: cacheReads,
    cacheWriteTokens: cacheWrites,
    ...(oneHourWrites > 0 ? { cacheWrite1hTokens: oneHourWrites } : {}),
    ...(reasoningTokens > 0 ? { reasoningTokens } : {}),
  };
}
