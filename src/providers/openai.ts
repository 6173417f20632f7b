import OpenAI, { AzureOpenAI } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { type HttpFailure, type ProviderLabel } from './error-classification.js';
import { isRecord } from './payload.js';
import { httpFetch } from './http-fetch.js';
import { readCompletion } from './openai-answer.js';
import { DEFAULT_CALL_TIMEOUT_MS } from './retry.js';
import { createSdkProvider } from './sdk-adapter.js';
import { openaiMessages } from './tool-messages.js';
import { ProviderError, type ModelRequest, type Provider, type ProviderName } from './types.js';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Which field carries max_tokens: OpenAI's own, or the older one many compatible servers read. */
export type TokenLimitField = 'max_tokens' | 'max_completion_tokens';

export interface OpenAIProviderOptions {
  apiKey: string;
  /** OPENAI_BASE_URL, or a promptgate.yaml endpoint's base_url: any OpenAI-compatible server. */
  baseURL?: string;
  /** The provider's name in results and messages: `openai`, or a promptgate.yaml endpoint's. */
  name?: ProviderName;
  /** The variable that holds the key, named in "check …" messages. */
  keyVariable?: string;
  /** Default `max_completion_tokens` (OpenAI's); Ollama reads only `max_tokens` (ollama#7125). */
  tokenLimitField?: TokenLimitField;
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

/**
 * The SDK client, for chat (here) and embeddings (openai-embeddings.ts). Every option is passed
 * explicitly (null where unused) so the SDK reads nothing from process.env behind our back;
 * retries are ours (withRetries), so the SDK makes none. The timeout is the call's deadline,
 * body included (see sdk-adapter.ts); httpFetch: why there.
 */
export function openAIClient(options: OpenAIProviderOptions, baseURL: string): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    baseURL,
    organization: options.organization ?? null,
    project: options.project ?? null,
    adminAPIKey: null,
    timeout: options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
    maxRetries: 0,
    fetch: httpFetch,
  });
}

/** The Azure client: the same settings, with the deployment endpoint and api-version. */
export function azureOpenAIClient(options: AzureOpenAIProviderOptions): AzureOpenAI {
  return new AzureOpenAI({
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
}

/** A Provider over the official `openai` SDK, Chat Completions API. */
export function createOpenAIProvider(options: OpenAIProviderOptions): Provider {
  const baseURL = options.baseURL || OPENAI_DEFAULT_BASE_URL;
  const client = openAIClient(options, baseURL);
  const name = options.name ?? 'openai';
  const label: ProviderLabel = { name, keyVariable: options.keyVariable ?? 'OPENAI_API_KEY', secrets: [options.apiKey] };
  return chatCompletionsProvider(name, client, label, baseURL, options.timeoutMs, options.tokenLimitField);
}

/**
 * Azure OpenAI through the SDK's own AzureOpenAI client: it puts the deployment (our `model`)
 * in the URL, the api-version in the query and the key in the `api-key` header.
 */
export function createAzureOpenAIProvider(options: AzureOpenAIProviderOptions): Provider {
  const client = azureOpenAIClient(options);
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
  name: ProviderName,
  client: OpenAI,
  label: ProviderLabel,
  baseURL: string,
  timeoutMs: number | undefined,
  tokenLimitField: TokenLimitField = 'max_completion_tokens',
): Provider {
  return createSdkProvider({
    name,
    label,
    baseURL,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    params: (request) => chatCompletionParams(request, tokenLimitField),
    send: (params, signal) => client.chat.completions.create(params, { signal }),
    read: (body, request) => readCompletion(body, request, label),
    errors: OpenAI,
    httpFailureOf: openAIHttpFailure,
  });
}

/** What an SDK error says of the HTTP answer behind it (status, error type and code, message, headers). */
export function openAIHttpFailure(error: unknown): HttpFailure | undefined {
  return error instanceof OpenAI.APIError && typeof error.status === 'number'
    ? {
        status: error.status,
        type: error.type ?? null,
        code: error.code ?? null,
        apiMessage: isRecord(error.error) && typeof error.error.message === 'string' ? error.error.message : null,
        headers: error.headers,
      }
    : undefined;
}

export function chatCompletionParams(
  request: ModelRequest,
  tokenLimitField: TokenLimitField = 'max_completion_tokens',
): ChatCompletionCreateParamsNonStreaming {
  return {
    model: request.model,
    messages: openaiMessages(request.messages),
    ...samplingParams(request, tokenLimitField),
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

/**
 * Sampling and length settings, each sent only when set. max_tokens is deprecated and refused by
 * OpenAI's reasoning models, max_completion_tokens is not; a compatible server may read only one
 * of them (Ollama ignores max_completion_tokens: ollama#7125), so an endpoint chooses.
 */
function samplingParams(request: ModelRequest, tokenLimitField: TokenLimitField): Partial<ChatCompletionCreateParamsNonStreaming> {
  const params: Partial<ChatCompletionCreateParamsNonStreaming> = {};
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.topP !== undefined) params.top_p = request.topP;
  if (request.maxTokens !== undefined) params[tokenLimitField] = request.maxTokens;
  if (request.reasoningEffort !== undefined) {
    params.reasoning_effort = request.reasoningEffort as NonNullable<ChatCompletionCreateParamsNonStreaming['reasoning_effort']>;
  }
  return params;
}
