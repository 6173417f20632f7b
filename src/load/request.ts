import type { ModelRequest } from '../providers/types.js';
import { renderMessages } from './template.js';
import type { PromptTurn, RequestFolder } from './types.js';

/**
 * The provider-neutral request for one call of a prompt: the rendered conversation and the
 * folder's model settings, its schema as structured output and its tools. The one home shared
 * by the test runner (run/runner.ts) and the app's runtime (runtime/), so an app sends exactly
 * what the tests sent. Throws the template's InputError when a placeholder has no value.
 */
export function buildModelRequest(folder: RequestFolder, turn: PromptTurn): ModelRequest {
  const { settings } = folder;
  const request: ModelRequest = { provider: settings.provider, model: settings.model, messages: renderMessages(folder, turn) };
  // Set one by one, not spread from optional pieces: a spread makes an object per piece per call.
  if (settings.temperature !== undefined) request.temperature = settings.temperature;
  if (settings.maxTokens !== undefined) request.maxTokens = settings.maxTokens;
  if (folder.schema) request.jsonSchema = folder.schema;
  if (settings.tools?.length) request.tools = settings.tools;
  return request;
}
