import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { h as httpFetch } from './tool-messages.js';
import { messagesProvider } from './anthropic.js';
import { D as DEFAULT_CALL_TIMEOUT_MS, z as requiringModel, E as platformOptions } from './index.js';
globalThis.process.getBuiltinModule("node:http");
globalThis.process.getBuiltinModule("node:https");
globalThis.process.getBuiltinModule("node:zlib");
import '@anthropic-ai/sdk';
import '@anthropic-ai/sdk/lib/transform-json-schema';
globalThis.process.getBuiltinModule("node:fs/promises");
import 'ajv';
import 'ajv/dist/2020.js';
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:path");
import '@opentelemetry/api';

/**
 * Bedrock signs with the AWS credentials of the environment. Static keys are given to the SDK
 * (it signs without loading the AWS credential chain); without them the SDK's own chain finds
 * them (AWS_PROFILE, web identity, container and instance roles).
 */
function createBedrockProvider(options) {
    const baseURL = options.baseURL || `https://bedrock-runtime.${options.region}.amazonaws.com`;
    const { accessKeyId, secretAccessKey } = options;
    // Every option explicit (null where unused), so the SDK reads nothing from process.env behind our back.
    const common = {
        awsRegion: options.region,
        baseURL,
        apiKey: options.apiKey ?? null,
        timeout: options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
        maxRetries: 0,
        fetch: httpFetch,
    };
    const client = accessKeyId && secretAccessKey
        ? new AnthropicBedrock({
            ...common,
            awsAccessKey: accessKeyId,
            awsSecretKey: secretAccessKey,
            awsSessionToken: options.sessionToken ?? null,
        })
        : new AnthropicBedrock({ ...common, awsAccessKey: null, awsSecretKey: null, awsSessionToken: null });
    const secrets = [options.apiKey, options.secretAccessKey, options.sessionToken].filter((value) => !!value);
    const label = {
        name: 'bedrock',
        keyVariable: options.apiKey ? 'AWS_BEARER_TOKEN_BEDROCK' : 'the AWS credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)',
        secrets,
    };
    return requiringModel('bedrock', 'a Bedrock model id, e.g. anthropic.claude-haiku-4-5-20251001-v1:0', messagesProvider({ name: 'bedrock', client, label, baseURL, ...platformOptions(options) }));
}

export { createBedrockProvider };
