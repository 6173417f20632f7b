import OpenAI, { AzureOpenAI } from 'openai';
import { i as isRecord, p as providerErrorForTransport, b as providerErrorForStatus, d as parseArguments, a as count, h as httpFetch, o as openaiMessages, c as createSdkProvider } from './tool-messages.js';
import { x as finishReasonOf, P as ProviderError, y as redact, D as DEFAULT_CALL_TIMEOUT_MS } from './index.js';
globalThis.process.getBuiltinModule("node:http");
globalThis.process.getBuiltinModule("node:https");
globalThis.process.getBuiltinModule("node:zlib");
globalThis.process.getBuiltinModule("node:fs/promises");
import 'ajv';
import 'ajv/dist/2020.js';
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:path");
import '@opentelemetry/api';

/*
 * Reading a Chat Completions answer, as OpenAI and the compatible servers really send it. The
 * shapes beyond OpenAI's own, each from the server's documentation or its users' reports:
 * - Mistral's reasoning models send `content` as a list of chunks: `{ type: thinking, thinking:
 *   [{ type: text, text }] }` before `{ type: text, text }` (docs.mistral.ai, reasoning; the
 *   bodies in langchain4j/langchain4j#4474 and agentjido/req_llm#742).
 * - `usage` is optional in the spec, and null on streamed chunks; llama.cpp and Ollama leave it
 *   out unless asked (skye-harris/hass_local_openai_llm#67). No usage is an unknown cost, never $0.
 * - OpenRouter answers 200 with `{ error: { code, message } }` when the model failed after the
 *   request was accepted, and ends a choice with `finish_reason: "error"` (openrouter.ai/docs,
 *   errors); LM Studio answers 200 with `{"error":"Unexpected endpoint or method. (POST
 *   /chat/completions)"}` when the URL lacks /v1 (lmstudio-ai/lmstudio-bug-tracker#618).
 */
/** Checks the body really is a chat completion before trusting any field of it. */
function readCompletion(body, request, label) {
    if (!isRecord(body))
        throw providerErrorForTransport(label, 'broken-body', { cause: 'the response is not a JSON object' });
    if (body.error !== undefined && body.error !== null && !Array.isArray(body.choices))
        throw bodyError(label, body.error);
    if (!Array.isArray(body.choices)) {
        throw providerErrorForTransport(label, 'broken-body', { cause: 'no choices in the response' });
    }
    const choice = body.choices[0];
    if (!isRecord(choice) || !isRecord(choice.message)) {
        throw providerErrorForTransport(label, 'broken-body', { cause: 'no message in the first choice' });
    }
    if (choice.finish_reason === 'error')
        throw choiceError(label, choice.error);
    const { content, refusal } = choice.message;
    // A refusal is an answer to judge (it fails with the refusal text), not an error.
    const refused = typeof refusal === 'string' && refusal !== '';
    const text = refused && (content === null || content === undefined || content === '') ? refusal : contentText(content);
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
/**
 * `content` as text: a string as it is; a list of chunks (Mistral) as its text chunks, each
 * thinking chunk shown as <think>\u2026</think> before them, as the Anthropic adapter shows
 * thinking blocks (checks find the JSON after it either way).
 */
function contentText(content) {
    if (typeof content === 'string')
        return content;
    if (!Array.isArray(content))
        return '';
    let thinking = '';
    let text = '';
    for (const chunk of content) {
        if (typeof chunk === 'string')
            text += chunk;
        else if (!isRecord(chunk))
            continue;
        else if (chunk.type === 'text' && typeof chunk.text === 'string')
            text += chunk.text;
        else if (chunk.type === 'thinking')
            thinking += `<think>${contentText(chunk.thinking)}</think>\n`;
    }
    return thinking + text;
}
function readToolCalls(calls) {
    if (!Array.isArray(calls))
        return [];
    return calls.flatMap((call) => {
        if (!isRecord(call) || !isRecord(call.function) || typeof call.function.name !== 'string')
            return [];
        return [{ name: call.function.name, arguments: parseArguments(call.function.arguments) }];
    });
}
/**
 * prompt_tokens already includes the cached tokens; cache writes are not billed apart.
 * completion_tokens includes the reasoning tokens (billed as output).
 */
function readUsage(usage) {
    if (!isRecord(usage))
        return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, unreported: true };
    const details = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
    const output = isRecord(usage.completion_tokens_details) ? usage.completion_tokens_details : {};
    const reasoningTokens = count(output.reasoning_tokens);
    return {
        inputTokens: count(usage.prompt_tokens),
        outputTokens: count(usage.completion_tokens),
        cachedInputTokens: count(details.cached_tokens),
        cacheWriteTokens: 0,
        ...(reasoningTokens > 0 ? { reasoningTokens } : {}),
    };
}
/** What a server's `error` says: its message, and its code when it is an HTTP status. */
function errorParts(error) {
    if (typeof error === 'string')
        return { message: error };
    if (!isRecord(error))
        return { message: JSON.stringify(error) ?? '' };
    const message = typeof error.message === 'string' ? error.message : JSON.stringify(error);
    const code = typeof error.code === 'number' ? error.code : typeof error.code === 'string' ? Number(error.code) : NaN;
    return {
        message,
        ...(Number.isInteger(code) && code >= 400 && code <= 599 ? { status: code } : {}),
        ...(typeof error.type === 'string' ? { type: error.type } : {}),
    };
}
/**
 * A 200 whose body is an error, not a completion: the server's own words, classified by the code
 * it gives (OpenRouter's 502 is a server error, retried as one); without a code it is the
 * request or the URL that is wrong, which a retry cannot fix. Never a "broken response".
 */
function bodyError(label, error) {
    const parts = errorParts(error);
    if (parts.status !== undefined) {
        return providerErrorForStatus(label, { status: parts.status, type: parts.type ?? null, code: null, apiMessage: parts.message });
    }
    const hint = /unexpected endpoint or method/i.test(parts.message)
        ? ' (the server does not serve this path: does the base URL end in /v1?)'
        : '';
    return new ProviderError('bad-request', `${label.name}: the server answered with an error instead of a completion: ${quoted(parts.message, label)}${hint}`);
}
/** `finish_reason: "error"`: the model failed mid-answer; what it wrote is not an answer to judge. */
function choiceError(label, error) {
    const detail = error === undefined || error === null ? '' : `: ${quoted(errorParts(error).message, label)}`;
    return new ProviderError('server', `${label.name}: the answer ended with finish_reason "error"${detail}`, { retryable: true });
}
function quoted(message, label) {
    const text = redact(message, label.secrets).replace(/\s+/g, ' ').trim();
    return text.length > 300 ? `${text.slice(0, 299)}\u2026` : text;
}

const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
/**
 * The SDK client, for chat (here) and embeddings (openai-embeddings.ts). Every option is passed
 * explicitly (null where unused) so the SDK reads nothing from process.env behind our back;
 * retries are ours (withRetries), so the SDK makes none. The timeout is the call's deadline,
 * body included (see sdk-adapter.ts); httpFetch: why there.
 */
function openAIClient(options, baseURL) {
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
function azureOpenAIClient(options) {
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
function createOpenAIProvider(options) {
    const baseURL = options.baseURL || OPENAI_DEFAULT_BASE_URL;
    const client = openAIClient(options, baseURL);
    const name = options.name ?? 'openai';
    const label = { name, keyVariable: options.keyVariable ?? 'OPENAI_API_KEY', secrets: [options.apiKey] };
    return chatCompletionsProvider(name, client, label, baseURL, options.timeoutMs, options.tokenLimitField);
}
/**
 * Azure OpenAI through the SDK's own AzureOpenAI client: it puts the deployment (our `model`)
 * in the URL, the api-version in the query and the key in the `api-key` header.
 */
function createAzureOpenAIProvider(options) {
    const client = azureOpenAIClient(options);
    const label = { name: 'azure', keyVariable: 'AZURE_OPENAI_API_KEY', secrets: [options.apiKey] };
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
function chatCompletionsProvider(name, client, label, baseURL, timeoutMs, tokenLimitField = 'max_completion_tokens') {
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
function openAIHttpFailure(error) {
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
function chatCompletionParams(request, tokenLimitField = 'max_completion_tokens') {
    return {
        model: request.model,
        messages: openaiMessages(request.messages),
        ...samplingParams(request, tokenLimitField),
        ...(request.jsonSchema
            ? {
                response_format: {
                    type: 'json_schema',
                    // strict: false accepts any JSON Schema; our own check (ajv) judges the answer.
                    json_schema: { name: 'output', schema: request.jsonSchema, strict: false },
                },
            }
            : {}),
        ...(request.tools?.length
            ? {
                tools: request.tools.map((tool) => ({
                    type: 'function',
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
function samplingParams(request, tokenLimitField) {
    const params = {};
    if (request.temperature !== undefined)
        params.temperature = request.temperature;
    if (request.topP !== undefined)
        params.top_p = request.topP;
    if (request.maxTokens !== undefined)
        params[tokenLimitField] = request.maxTokens;
    if (request.reasoningEffort !== undefined) {
        params.reasoning_effort = request.reasoningEffort;
    }
    return params;
}

export { OPENAI_DEFAULT_BASE_URL, azureOpenAIClient, chatCompletionParams, createAzureOpenAIProvider, createOpenAIProvider, openAIClient, openAIHttpFailure };
