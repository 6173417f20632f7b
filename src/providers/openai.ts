import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
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

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAIProviderOptions {
  apiKey: string;
  /** OPENAI_BASE_URL: any OpenAI-compatible server (Azure gateways, Ollama, vLLM, ...). */
  baseURL?: string;
  /** Per call, the whole call including reading the body. Default 60 s. */
  timeoutMs?: number;
  organization?: string;
  project?: string;
}

/** A Provider over the official `openai` SDK, Chat Completions API. */
export function createOpenAIProvider(options: OpenAIProviderOptions): Provider {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const baseURL = options.baseURL || OPENAI_DEFAULT_BASE_URL;
  // Every option is passed explicitly (null where unused) so the SDK reads nothing from
  // process.env behind our back; retries are ours (withRetries), so the SDK makes none.
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL,
    organization: options.organization ?? null,
    project: options.project ?? null,
    adminAPIKey: null,
    timeout: timeoutMs,
    maxRetries: 0,
  });
  const label: ProviderLabel = { name: 'openai', keyVariable: 'OPENAI_API_KEY', secrets: [options.apiKey] };

  return {
    name: 'openai',
    async complete(request, callOptions) {
      const params = chatCompletionParams(request);
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), timeoutMs);
      const signal = callOptions?.signal ? AbortSignal.any([callOptions.signal, deadline.signal]) : deadline.signal;
      const started = performance.now();
      try {
        const completion: unknown = await client.chat.completions.create(params, { signal });
        const latencyMs = Math.round(performance.now() - started);
        return readCompletion(completion, request, latencyMs, label);
      } catch (error) {
        throw toProviderError(error, label, { deadlineHit: deadline.signal.aborted, timeoutMs, baseURL });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export function chatCompletionParams(request: ModelRequest): ChatCompletionCreateParamsNonStreaming {
  return {
    model: request.model,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    // max_tokens is deprecated and refused by reasoning models; max_completion_tokens is not.
    ...(request.maxTokens !== undefined ? { max_completion_tokens: request.maxTokens } : {}),
    ...(request.jsonSchema
      ? {
          response_format: {
            type: 'json_schema' as const,
            // strict: false accepts any JSON Schema; our own check (ajv) judges the answer.
            json_schema: { name: 'output', schema: request.jsonSchema, strict: false },
          },
        }
      : {}),
  };
}

/** Checks the body really is a chat completion before trusting any field of it. */
function readCompletion(body: unknown, request: ModelRequest, latencyMs: number, label: ProviderLabel): ModelResponse {
  if (!isRecord(body) || !Array.isArray(body.choices)) {
    throw providerErrorForTransport(label, 'broken-body', { cause: 'no choices in the response' });
  }
  const choice: unknown = body.choices[0];
  if (!isRecord(choice) || !isRecord(choice.message)) {
    throw providerErrorForTransport(label, 'broken-body', { cause: 'no message in the first choice' });
  }
  const { content, refusal } = choice.message;
  // A refusal is an answer to judge (the checks will fail on it), not an error.
  const text = typeof content === 'string' ? content : typeof refusal === 'string' ? refusal : '';
  const finishReason =
    typeof content !== 'string' && typeof refusal === 'string'
      ? 'refusal'
      : typeof choice.finish_reason === 'string'
        ? choice.finish_reason
        : undefined;
  return {
    text,
    model: typeof body.model === 'string' && body.model ? body.model : request.model,
    usage: readUsage(body.usage),
    latencyMs,
    ...(finishReason ? { finishReason } : {}),
  };
}

/** prompt_tokens already includes the cached tokens; cache writes are not billed apart. */
function readUsage(usage: unknown): Usage {
  if (!isRecord(usage)) return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 };
  const details = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  return {
    inputTokens: count(usage.prompt_tokens),
    outputTokens: count(usage.completion_tokens),
    cachedInputTokens: count(details.cached_tokens),
    cacheWriteTokens: 0,
  };
}

function toProviderError(
  error: unknown,
  label: ProviderLabel,
  context: { deadlineHit: boolean; timeoutMs: number; baseURL: string },
): unknown {
  if (error instanceof ProviderError) return error;
  if (context.deadlineHit || error instanceof OpenAI.APIConnectionTimeoutError) {
    return providerErrorForTransport(label, 'timeout', { timeoutMs: context.timeoutMs });
  }
  if (error instanceof OpenAI.APIUserAbortError) {
    return new ProviderError('network', `${label.name}: the call was cancelled`);
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return providerErrorForTransport(label, 'connection', { target: context.baseURL, cause: causeOf(error) });
  }
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    return providerErrorForStatus(label, {
      status: error.status,
      type: error.type ?? null,
      code: error.code ?? null,
      apiMessage: messageOf(error.error),
      headers: error.headers,
    });
  }
  const bodyFailure = bodyFailureOf(error);
  if (bodyFailure) return providerErrorForTransport(label, bodyFailure, { cause: causeOf(error) });
  return error;
}

function messageOf(body: unknown): string | null {
  return isRecord(body) && typeof body.message === 'string' ? body.message : null;
}
