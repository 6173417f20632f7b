import Anthropic from '@anthropic-ai/sdk';
import { transformJSONSchema } from '@anthropic-ai/sdk/lib/transform-json-schema';
import { h as httpFetch, e as anthropicMessages, c as createSdkProvider, i as isRecord, p as providerErrorForTransport, d as parseArguments, a as count } from './tool-messages.js';
import { D as DEFAULT_CALL_TIMEOUT_MS, A as ANTHROPIC_DEFAULT_MAX_TOKENS, x as finishReasonOf } from './index.js';
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

/**
 * Quiet logs. @anthropic-ai/sdk prints its notices with console.warn on every call to a model it
 * knows to be retiring ("The model 'claude-sonnet-4-5' is deprecated and will reach end-of-life
 * on November 30th, 2026\u2026", and one about `thinking.type=enabled` on some models): thousands of
 * identical lines on a big suite. Each is told once per model per run instead, in one line, with
 * the retirement date when the SDK gives one.
 */
/** Calls `warn` once per distinct message; nothing without a `warn`. */
function onceEach(warn) {
    const told = new Set();
    return (message) => {
        if (!warn || told.has(message))
            return;
        told.add(message);
        warn(message);
    };
}
const DEPRECATED_MODEL = /^The model '([^']+)' is deprecated and will reach end-of-life on ([^\n]+?)\.?\s*(?:\n|$)/;
const THINKING_ENABLED = /^Using Claude with (\S+) and 'thinking\.type=enabled' is deprecated/;
/**
 * What a provider makes of the SDK's console.warn text: one line naming the provider, the model
 * and the date, told once per model through `warnOnce` (an onceEach).
 */
function sdkWarningFilter(provider, warnOnce) {
    return (text) => {
        const deprecated = DEPRECATED_MODEL.exec(text);
        if (deprecated) {
            warnOnce(`${provider}: model ${deprecated[1]} is deprecated and retires on ${deprecated[2]} (the SDK's notice, shown once); ` +
                'move to a newer model: https://docs.anthropic.com/en/docs/resources/model-deprecations');
            return;
        }
        const thinking = THINKING_ENABLED.exec(text);
        if (thinking) {
            warnOnce(`${provider}: model ${thinking[1]} deprecates thinking.type=enabled (thinking_budget); the SDK suggests adaptive thinking (shown once)`);
            return;
        }
        warnOnce(`${provider}: ${text.replace(/\s+/g, ' ').trim()}`);
    };
}
/**
 * Runs `call` with console.warn sent to `warn`. The SDK warns synchronously, before create()
 * returns its promise, so nothing else of the process runs in between; the console is put back
 * before `call`'s promise is awaited.
 */
function withWarningsTo(warn, call) {
    const original = console.warn;
    console.warn = (...args) => warn(args.map((arg) => (typeof arg === 'string' ? arg : String(arg))).join(' '));
    try {
        return call();
    }
    finally {
        console.warn = original;
    }
}

const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
/**
 * @anthropic-ai/sdk 1.x speaks API version 2026-10-21, whose Messages parameters have no
 * `temperature` (nor top_p/top_k): the SDK's types refuse it, and although the SDK would put an
 * unknown key on the wire, it is not an API parameter any more. Failing every test of a prompt
 * that sets a temperature would be worse than running it at the model's own sampling, so the
 * setting is dropped and the user is told so, once.
 */
const TEMPERATURE_DROPPED_WARNING = 'anthropic: the installed @anthropic-ai/sdk (API version 2026-10-21) has no temperature parameter, ' +
    "so the prompt's temperature setting is not sent; answers use the model's default sampling.";
const TOP_P_DROPPED_WARNING = 'anthropic: the installed @anthropic-ai/sdk (API version 2026-10-21) has no top_p parameter, ' +
    "so the prompt's top_p setting is not sent; answers use the model's default sampling.";
/** A Provider over the official `@anthropic-ai/sdk`, Messages API. */
function createAnthropicProvider(options) {
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
    const label = { name: 'anthropic', keyVariable: 'ANTHROPIC_API_KEY', secrets: [options.apiKey] };
    return messagesProvider({ name: 'anthropic', client, label, baseURL, ...pick(options) });
}
function pick(options) {
    return {
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    };
}
/**
 * The Messages API adapter shared by Anthropic, Bedrock and Vertex: the same request, answer,
 * finish reasons and errors (the platform SDKs throw @anthropic-ai/sdk's own error classes).
 */
function messagesProvider(options) {
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
            if (request.temperature !== undefined)
                warnOnce(TEMPERATURE_DROPPED_WARNING.replace(/^anthropic/, label.name));
            if (request.topP !== undefined)
                warnOnce(TOP_P_DROPPED_WARNING.replace(/^anthropic/, label.name));
        },
        params: messageParams,
        // The SDK prints its deprecation notices with console.warn on every call; they are caught
        // here, while create() runs (synchronously, before it returns its promise), and told once.
        send: (params, signal) => withWarningsTo(sdkWarnings, () => client.messages.create(params, { signal })),
        read: (body, request) => readMessage(body, request, label),
        errors: Anthropic,
        httpFailureOf: (error) => error instanceof Anthropic.APIError && typeof error.status === 'number'
            ? { status: error.status, type: error.type, code: error.errorCode, apiMessage: error.apiMessage, headers: error.headers }
            : undefined,
    });
}
/** System messages go to `system`; examples and the input stay user/assistant turns. */
function messageParams(request) {
    const system = request.messages
        .filter((message) => message.role === 'system')
        .map((message) => message.content)
        .join('\n\n');
    const messages = anthropicMessages(request.messages);
    return {
        model: request.model,
        max_tokens: request.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
        messages,
        ...(system ? { system } : {}),
        ...(request.thinkingBudget !== undefined ? { thinking: { type: 'enabled', budget_tokens: request.thinkingBudget } } : {}),
        ...(request.jsonSchema
            ? { output_config: { format: { type: 'json_schema', schema: structuredOutputSchema(request.jsonSchema) } } }
            : {}),
        ...(request.tools?.length
            ? {
                tools: request.tools.map((tool) => ({
                    name: tool.name,
                    ...(tool.description !== undefined ? { description: tool.description } : {}),
                    input_schema: tool.parameters,
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
function structuredOutputSchema(schema) {
    try {
        return transformJSONSchema(schema);
    }
    catch {
        return schema;
    }
}
/**
 * Text blocks are the answer. Thinking blocks stay visible as <think>\u2026</think> before it (the
 * same shape reasoning models use in plain text, so checks find the JSON after it either way);
 * tool_use blocks are the answer's tool calls.
 */
function readMessage(body, request, label) {
    if (!isRecord(body) || !Array.isArray(body.content)) {
        throw providerErrorForTransport(label, 'broken-body', { cause: 'no content in the response' });
    }
    let thinking = '';
    let text = '';
    const toolCalls = [];
    for (const block of body.content) {
        if (!isRecord(block))
            continue;
        if (block.type === 'text' && typeof block.text === 'string')
            text += block.text;
        else if (block.type === 'thinking' && typeof block.thinking === 'string')
            thinking += `<think>${block.thinking}</think>\n`;
        else if (block.type === 'redacted_thinking')
            thinking += '<think>(redacted by the provider)</think>\n';
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
function readUsage(usage) {
    if (!isRecord(usage))
        return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, unreported: true };
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

export { ANTHROPIC_DEFAULT_BASE_URL, ANTHROPIC_DEFAULT_MAX_TOKENS, TEMPERATURE_DROPPED_WARNING, TOP_P_DROPPED_WARNING, createAnthropicProvider, messageParams, messagesProvider, structuredOutputSchema };
