import OpenAI, { AzureOpenAI } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { type ProviderLabel, providerErrorForTransport } from './error-classification.js';
import { finishReasonOf } from './finish-reason.js';
import { count, isRecord, parseArguments } from './payload.js';
import { httpFetch } from './http-fetch.js';
import { DEFAULT_CALL_TIMEOUT_MS } from './retry.js';
import { createSdkProvider } from './sdk-adapter.js';
import { openaiMessages } from './tool-messages.js';
import { ProviderError, type ModelRequest, type ModelResponse, type Provider, type ToolCall, type Usage } from './types.js';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAIProviderOptions {
  apiKey: string;
  /** OPENAI_BASE_URL: any OpenAI-compatible server (gateways, Ollama, vLLM, ...). */
  baseURL?: string;
  /** Per call, the whole call including reading the body. Default 60 s. */
  timeoutMs?: number;
  organization?: string;
  project?: string;
}

export interface AzureOpenAIProviderOptions {
  /** AZURE_OPENAI_API_KEY, sent as the `api-key` header. */
  apiKey: string;
  /** AZURE_OPENAI_ENDPOINT, e.g. https://my-resource.openai.azure.com */
  endpoint: string;
  /** OPENAI_API_VERSION, sent as the `api-version` query parameter. */
  apiVersion: string;
  timeoutMs?: number;
}

/** A Provider over the official `openai` SDK, Chat Completions API. */
export function createOpenAIProvider(options: OpenAIProviderOptions): Provider {
  const baseURL = options.baseURL || OPENAI_DEFAULT_BASE_URL;
  // Every option is passed explicitly (null where unused) so the SDK reads nothing from
  // process.env behind our back; retries are ours (withRetries), so the SDK makes none. The
  // timeout is the call's deadline, body included (see sdk-adapter.ts); httpFetch: why there.
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL,
    organization: options.organization ?? null,
    project: options.project ?? null,
    adminAPIKey: null,
    timeout: options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
    maxRetries: 0,
    fetch: httpFetch,
  });
  const label: ProviderLabel = { name: 'openai', keyVariable: 'OPENAI_API_KEY', secrets: [options.apiKey] };
  return chatCompletionsProvider('openai', client, label, baseURL, options.timeoutMs);
}

/**
 * Azure OpenAI through the SDK's own AzureOpenAI client: it puts the deployment (our `model`)
 * in the URL, the api-version in the query and the key in the `api-key` header.
 */
export function createAzureOpenAIProvider(options: AzureOpenAIProviderOptions): Provider {
  const client = new AzureOpenAI({
    apiKey: options.apiKey,
    endpoint: options.endpoint,
    apiVersion: options.apiVersion,
    // null, not undefined: the client would otherwise read OPENAI_BASE_URL and refuse the endpoint.
    baseURL: null,
    organization: null,
    project: null,
    adminAPIKey: null,
    timeout: options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
    maxRetries: 0,
    fetch: httpFetch,
  });
  const label: ProviderLabel = { name: 'azure', keyVariable: 'AZURE_OPENAI_API_KEY', secrets: [options.apiKey] };
  const provider = chatCompletionsProvider('azure', client, label, options.endpoint, options.timeoutMs);
  return {
    name: 'azure',
    complete(request, callOptions) {
      // Azure has no default model: `model` names the team's own deployment.
      if (!request.model) {
        const message = 'azure: no deployment to call; set `model:` (the deployment name) in prompt.yaml or promptgate.yaml';
        return Promise.reject(new ProviderError('bad-request', message));
      }
      return provider.complete(request, callOptions);
    },
  };
}

function chatCompletionsProvider(
  name: 'openai' | 'azure',
  client: OpenAI,
  label: ProviderLabel,
  baseURL: string,
  timeoutMs: number | undefined,
): Provider {
  return createSdkProvider({
    name,
    label,
    baseURL,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    params: chatCompletionParams,
    send: (params, signal) => client.chat.completions.create(params, { signal }),
    read: (body, request) => readCompletion(body, request, label),
    errors: OpenAI,
    httpFailureOf: (error) =>
      error instanceof OpenAI.APIError && typeof error.status === 'number'
        ? {
            status: error.status,
            type: error.type ?? null,
            code: error.code ?? null,
            apiMessage: isRecord(error.error) && typeof error.error.message === 'string' ? error.error.message : null,
            headers: error.headers,
          }
        : undefined,
  });
}

export function chatCompletionParams(request: ModelRequest): ChatCompletionCreateParamsNonStreaming {
  return {
    model: request.model,
    messages: openaiMessages(request.messages),
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
    ...(request.tools?.length
      ? {
          tools: request.tools.map((tool) => ({
            type: 'function' as const,
            function: {
              name: tool.name,
              ...(tool.description !== undefined ? { description: tool.description } : {}),
              parameters: tool.parameters,
            },
          })),
        }
      : {}),
  };
}

/** Checks the body really is a chat completion before trusting any field of it. */
function readCompletion(body: unknown, request: ModelRequest, label: ProviderLabel): Omit<ModelResponse, 'latencyMs'> {
  if (!isRecord(body) || !Array.isArray(body.choices)) {
    throw providerErrorForTransport(label, 'broken-body', { cause: 'no choices in the response' });
  }
  const choice: unknown = body.choices[0];
  if (!isRecord(choice) || !isRecord(choice.message)) {
    throw providerErrorForTransport(label, 'broken-body', { cause: 'no message in the first choice' });
  }
  const { content, refusal } = choice.message;
  // A refusal is an answer to judge (it fails with the refusal text), not an error.
  const refused = typeof refusal === 'string' && refusal !== '';
  const text = typeof content === 'string' ? content : refused ? refusal : '';
  const toolCalls = readToolCalls(choice.message.tool_calls);
  const finishReason = refused ? 'refusal' : finishReasonOf(choice.finish_reason);
  return {
    text,
    model: typeof body.model === 'string' && body.model ? body.model : request.model,
    usage: readUsage(body.usage),
    ...(finishReason ? { finishReason } : {}),
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
  };
}

function readToolCalls(calls: unknown): ToolCall[] {
  if (!Array.isArray(calls)) return [];
  return calls.flatMap((call): ToolCall[] => {
    if (!isRecord(call) || !isRecord(call.function) || typeof call.function.name !== 'string') return [];
    return [{ name: call.function.name, arguments: parseArguments(call.function.arguments) }];
  });
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
