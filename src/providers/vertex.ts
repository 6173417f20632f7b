import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { GoogleAuth } from 'google-auth-library';
import type { ProviderLabel } from './error-classification.js';
import { httpFetch } from './http-fetch.js';
import { messagesProvider } from './anthropic.js';
import { DEFAULT_CALL_TIMEOUT_MS } from './retry.js';
import { platformOptions, requiringModel } from './require-model.js';
import type { Provider } from './types.js';

/*
 * Claude on Google Vertex AI through Anthropic's own @anthropic-ai/vertex-sdk: an
 * @anthropic-ai/sdk client that rewrites the Messages call to Vertex's
 * `…/publishers/anthropic/models/{id}:rawPredict` and adds a Google OAuth token, so the request,
 * the answer, finish reasons, errors and recordings are the Anthropic adapter's own. Imported
 * on the provider's first call (from-env.ts), like every SDK here.
 */

export interface VertexProviderOptions {
  /** CLOUD_ML_REGION (`us-east5`, `europe-west1`, or `global`). */
  region: string;
  /** ANTHROPIC_VERTEX_PROJECT_ID; else the project of the Google credentials. */
  projectId?: string;
  /** ANTHROPIC_VERTEX_BASE_URL: a gateway, or a test server. */
  baseURL?: string;
  timeoutMs?: number;
  onWarning?: (message: string) => void;
}

/** Vertex authenticates with Google's Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, or the metadata server). */
export function createVertexProvider(options: VertexProviderOptions): Provider {
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
  const label: ProviderLabel = {
    name: 'vertex',
    keyVariable: 'the Google credentials (GOOGLE_APPLICATION_CREDENTIALS)',
    secrets: [],
  };
  return requiringModel(
    'vertex',
    'a Vertex model id, e.g. claude-haiku-4-5@20251001',
    messagesProvider({ name: 'vertex', client, label, baseURL: client.baseURL, ...platformOptions(options) }),
  );
}
