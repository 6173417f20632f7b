import Anthropic from '@anthropic-ai/sdk';
import { transformJSONSchema } from '@anthropic-ai/sdk/lib/transform-json-schema';
import type { MessageCreateParamsNonStreaming, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import {
  bodyFailureOf,
  causeOf,
  DEFAULT_CALL_TIMEOUT_MS,
  providerErrorForStatus,
  providerErrorForTransport,
  type ProviderLabel,
} from './retry.js';
import { count, isRecord } from './payload.js';
import { ProviderError, type ModelRequest, type ModelResponse, type Provider, type Usage } from './types.js';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
/** The Messages API requires max_tokens; this is used when the prompt does not set one. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;

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
  'so the prompt\'s temperature setting is not sent; answers use the model\'s default sampling.';

/** A Provider over the official `@anthropic-ai/sdk`, Messages API. */
export function createAnthropicProvider(options: AnthropicProviderOptions): Provider {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const baseURL = options.baseURL || ANTHROPIC_DEFAULT_BASE_URL;
  // baseURL is passed explicitly so the SDK does not fall back to process.env; the SDK makes
  // no retries of its own (withRetries does).
  const client = new Anthropic({ apiKey: options.apiKey, baseURL, timeout: timeoutMs, maxRetries: 0 });
  const label: ProviderLabel = { name: 'anthropic', keyVariable: 'ANTHROPIC_API_KEY', secrets: [options.apiKey] };
  let warnedAboutTemperature = false;

  return {
    name: 'anthropic',
    async complete(request, callOptions) {
      if (request.temperature !== undefined && !warnedAboutTemperature) {
        warnedAboutTemperature = true;
        options.onWarning?.(TEMPERATURE_DROPPED_WARNING);
      }
      const params = messageParams(request);
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), timeoutMs);
      const signal = callOptions?.signal ? AbortSignal.any([callOptions.signal, deadline.signal]) : deadline.signal;
      const started = performance.now();
      try {
        const message: unknown = await client.messages.create(params, { signal });
        const latencyMs = Math.round(performance.now() - started);
        return readMessage(message, request, latencyMs, label);
      } catch (error) {
        throw toProviderError(error, label, { deadlineHit: deadline.signal.aborted, timeoutMs, baseURL });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** System messages go to `system`; examples and the input stay user/assistant turns. */
export function messageParams(request: ModelRequest): MessageCreateParamsNonStreaming {
  const system = request.messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content)
    .join('\n\n');
  const messages: MessageParam[] = request.messages
    .filter((message) => message.role !== 'system')
    .map((message) => ({ role: message.role === 'assistant' ? 'assistant' : 'user', content: message.content }));
  return {
    model: request.model,
    max_tokens: request.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages,
    ...(system ? { system } : {}),
    ...(request.jsonSchema
      ? { output_config: { format: { type: 'json_schema' as const, schema: structuredOutputSchema(request.jsonSchema) } } }
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

function readMessage(body: unknown, request: ModelRequest, latencyMs: number, label: ProviderLabel): ModelResponse {
  if (!isRecord(body) || !Array.isArray(body.content)) {
    throw providerErrorForTransport(label, 'broken-body', { cause: 'no content in the response' });
  }
  const text = body.content
    .filter((block): block is { type: 'text'; text: string } => isRecord(block) && block.type === 'text' && typeof block.text === 'string')
    .map((block) => block.text)
    .join('');
  return {
    text,
    model: typeof body.model === 'string' && body.model ? body.model : request.model,
    usage: readUsage(body.usage),
    latencyMs,
    ...(typeof body.stop_reason === 'string' ? { finishReason: body.stop_reason } : {}),
  };
}

/** Anthropic reports uncached input, cache reads and cache writes apart; every one is input. */
function readUsage(usage: unknown): Usage {
  if (!isRecord(usage)) return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 };
  const uncached = count(usage.input_tokens);
  const cacheReads = count(usage.cache_read_input_tokens);
  const cacheWrites = count(usage.cache_creation_input_tokens);
  return {
    inputTokens: uncached + cacheReads + cacheWrites,
    outputTokens: count(usage.output_tokens),
    cachedInputTokens: cacheReads,
    cacheWriteTokens: cacheWrites,
  };
}

function toProviderError(
  error: unknown,
  label: ProviderLabel,
  context: { deadlineHit: boolean; timeoutMs: number; baseURL: string },
): unknown {
  if (error instanceof ProviderError) return error;
  if (context.deadlineHit || error instanceof Anthropic.APIConnectionTimeoutError) {
    return providerErrorForTransport(label, 'timeout', { timeoutMs: context.timeoutMs });
  }
  if (error instanceof Anthropic.APIUserAbortError) {
    return new ProviderError('network', `${label.name}: the call was cancelled`);
  }
  if (error instanceof Anthropic.APIConnectionError) {
    return providerErrorForTransport(label, 'connection', { target: context.baseURL, cause: causeOf(error) });
  }
  if (error instanceof Anthropic.APIError && typeof error.status === 'number') {
    return providerErrorForStatus(label, {
      status: error.status,
      type: error.type,
      code: error.errorCode,
      apiMessage: error.apiMessage,
      headers: error.headers,
    });
  }
  const bodyFailure = bodyFailureOf(error);
  if (bodyFailure) return providerErrorForTransport(label, bodyFailure, { cause: causeOf(error) });
  return error;
}
