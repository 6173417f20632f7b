import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import type { ProviderLabel } from './error-classification.js';
import { httpFetch } from './http-fetch.js';
import { messagesProvider } from './anthropic.js';
import { DEFAULT_CALL_TIMEOUT_MS } from './retry.js';
import { platformOptions, requiringModel } from './require-model.js';
import type { Provider } from './types.js';

/*
 * Claude on AWS Bedrock through Anthropic's own @anthropic-ai/bedrock-sdk: an @anthropic-ai/sdk
 * client that rewrites the Messages call to Bedrock's `/model/{id}/invoke` and signs it, so the
 * request, the answer, finish reasons, errors and recordings are the Anthropic adapter's own.
 * Imported on the provider's first call (from-env.ts), like every SDK here.
 */

export interface BedrockProviderOptions {
  /** AWS_REGION (or AWS_DEFAULT_REGION). */
  region: string;
  /** AWS_BEARER_TOKEN_BEDROCK: a Bedrock API key, sent as a bearer token instead of signing. */
  apiKey?: string;
  /** AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN: signed with SigV4 here, offline. */
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** ANTHROPIC_BEDROCK_BASE_URL: a gateway, or a test server. */
  baseURL?: string;
  timeoutMs?: number;
  onWarning?: (message: string) => void;
}

/**
 * Bedrock signs with the AWS credentials of the environment. Static keys are given to the SDK
 * (it signs without loading the AWS credential chain); without them the SDK's own chain finds
 * them (AWS_PROFILE, web identity, container and instance roles).
 */
export function createBedrockProvider(options: BedrockProviderOptions): Provider {
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
  const client =
    accessKeyId && secretAccessKey
      ? new AnthropicBedrock({
          ...common,
          awsAccessKey: accessKeyId,
          awsSecretKey: secretAccessKey,
          awsSessionToken: options.sessionToken ?? null,
        })
      : new AnthropicBedrock({ ...common, awsAccessKey: null, awsSecretKey: null, awsSessionToken: null });
  const secrets = [options.apiKey, options.secretAccessKey, options.sessionToken].filter((value): value is string => !!value);
  const label: ProviderLabel = {
    name: 'bedrock',
    keyVariable: options.apiKey ? 'AWS_BEARER_TOKEN_BEDROCK' : 'the AWS credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)',
    secrets,
  };
  return requiringModel(
    'bedrock',
    'a Bedrock model id, e.g. anthropic.claude-haiku-4-5-20251001-v1:0',
    messagesProvider({ name: 'bedrock', client, label, baseURL, ...platformOptions(options) }),
  );
}
