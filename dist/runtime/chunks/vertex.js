import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { GoogleAuth } from 'google-auth-library';
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

/** Vertex authenticates with Google's Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, or the metadata server). */
function createVertexProvider(options) {
    const client = new AnthropicVertex({
        region: options.region,
        projectId: options.projectId ?? null,
        // The SDK's own default auth, told the project when it is known: Google's library would
        // otherwise ask Cloud Resource Manager for it before the first call.
        googleAuth: new GoogleAuth({
            scopes: 'https://www.googleapis.com/auth/cloud-platform',
            ...(options.projectId ? { projectId: options.projectId } : {}),
        }),
        ...(options.baseURL ? { baseURL: options.baseURL } : {}),
        timeout: options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
        maxRetries: 0,
        fetch: httpFetch,
    });
    const label = {
        name: 'vertex',
        keyVariable: 'the Google credentials (GOOGLE_APPLICATION_CREDENTIALS)',
        secrets: [],
    };
    return requiringModel('vertex', 'a Vertex model id, e.g. claude-haiku-4-5@20251001', messagesProvider({ name: 'vertex', client, label, baseURL: client.baseURL, ...platformOptions(options) }));
}

export { createVertexProvider };
