import { a as azureOpenAIClient, O as OPENAI_DEFAULT_BASE_URL, o as openAIClient, b as openAIHttpFailure, c as OpenAI } from './openai.js';
import { c as createSdkProvider, p as providerErrorForTransport } from './tool-messages.js';
import { g as isRecord, j as count } from './engine.js';
globalThis.process.getBuiltinModule("node:http");
globalThis.process.getBuiltinModule("node:https");
globalThis.process.getBuiltinModule("node:zlib");
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/*
 * The embeddings API of OpenAI and OpenAI-compatible servers (POST /embeddings), and of Azure
 * OpenAI (the deployment's /embeddings), through the official SDK with the same client settings,
 * error classification and deadline as the chat adapter (openai.ts). A request of kind
 * `embedding` embeds each of its messages' texts; the answer's `embeddings` are the vectors in
 * the same order. Floats are asked for explicitly: the SDK would otherwise ask for base64, which
 * some compatible servers do not speak.
 */
function createOpenAIEmbedder(options) {
    const baseURL = options.baseURL || OPENAI_DEFAULT_BASE_URL;
    const client = openAIClient(options, baseURL);
    return embedder('openai', client, { name: 'openai', keyVariable: 'OPENAI_API_KEY', secrets: [options.apiKey] }, baseURL, options.timeoutMs);
}
function createAzureOpenAIEmbedder(options) {
    const client = azureOpenAIClient(options);
    const label = { name: 'azure', keyVariable: 'AZURE_OPENAI_API_KEY', secrets: [options.apiKey] };
    return embedder('azure', client, label, options.endpoint, options.timeoutMs);
}
function embedder(name, client, label, baseURL, timeoutMs) {
    return createSdkProvider({
        name,
        label,
        baseURL,
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        params: (request) => ({
            model: request.model,
            input: request.messages.map((message) => message.content),
            encoding_format: 'float',
        }),
        send: (params, signal) => client.embeddings.create(params, { signal }),
        read: (body, request) => readEmbeddings(body, request, label),
        errors: OpenAI,
        httpFailureOf: openAIHttpFailure,
    });
}
/** One vector per input, by `index`; anything else is a broken response, never a wrong comparison. */
function readEmbeddings(body, request, label) {
    const broken = (cause) => providerErrorForTransport(label, 'broken-body', { cause });
    if (!isRecord(body) || !Array.isArray(body.data))
        throw broken('no data in the embeddings response');
    const vectors = [];
    for (const [position, item] of body.data.entries()) {
        if (!isRecord(item) || !Array.isArray(item.embedding) || !item.embedding.every((value) => typeof value === 'number')) {
            throw broken(`embedding ${position} is not a list of numbers`);
        }
        vectors[typeof item.index === 'number' ? item.index : position] = item.embedding;
    }
    if (vectors.length !== request.messages.length || vectors.some((vector) => vector === undefined)) {
        throw broken(`${request.messages.length} texts were sent and ${body.data.length} embeddings came back`);
    }
    const usage = isRecord(body.usage) ? body.usage : {};
    return {
        text: '',
        model: typeof body.model === 'string' && body.model ? body.model : request.model,
        usage: { inputTokens: count(usage.prompt_tokens), outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 },
        embeddings: vectors,
    };
}

export { createAzureOpenAIEmbedder, createOpenAIEmbedder };
