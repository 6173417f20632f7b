import { dropRefusedSettings, type SamplingSetting } from '../providers/model-family.js';
import type { ModelRequest } from '../providers/types.js';
import { renderMessages } from './template.js';
import type { ModelSettings, PromptTurn, RequestFolder } from './types.js';

/** Told of settings not sent to a model that refuses them: `who` is `openai:gpt-5-mini`, or `judge openai:gpt-5-mini`. */
export type DroppedSettingsNote = (who: string, settings: readonly SamplingSetting[]) => void;

/**
 * The provider-neutral request for one call of a prompt: the rendered conversation, the model's
 * own settings (a `models:` entry's) over the folder's, schema.json as structured output unless
 * `structured_output: false`, its tools, and none of the folder's sampling settings the model
 * family refuses (providers/model-family.ts). The one home shared by the test runner
 * (run/runner.ts) and the app's runtime (runtime/), so an app sends exactly what the tests sent.
 * The recording key is a hash of exactly this request, so a folder that uses none of the newer
 * settings keeps its keys. Throws the template's InputError when a placeholder has no value.
 */
export function buildModelRequest(folder: RequestFolder, turn: PromptTurn, onDropped?: DroppedSettingsNote): ModelRequest {
  const { settings } = folder;
  const own = settings.modelSettings;
  const request: ModelRequest = { provider: settings.provider, model: settings.model, messages: renderMessages(folder, turn) };
  // Set one by one, not spread from optional pieces: a spread makes an object per piece per call.
  const temperature = own?.temperature ?? settings.temperature;
  if (temperature !== undefined) request.temperature = temperature;
  const maxTokens = own?.maxTokens ?? settings.maxTokens;
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  if (own) addOwnSettings(request, own);
  if (folder.schema && settings.structuredOutput !== false) request.jsonSchema = folder.schema;
  if (settings.tools?.length) request.tools = settings.tools;
  if (request.temperature !== undefined || request.topP !== undefined) {
    const dropped = dropRefusedSettings(request, explicitSettings(own));
    if (dropped.length > 0) onDropped?.(`${request.provider}:${request.model}`, dropped);
  }
  return request;
}

function addOwnSettings(request: ModelRequest, own: ModelSettings): void {
  if (own.topP !== undefined) request.topP = own.topP;
  if (own.reasoningEffort !== undefined) request.reasoningEffort = own.reasoningEffort;
  if (own.thinkingBudget !== undefined) request.thinkingBudget = own.thinkingBudget;
}

const NONE: ReadonlySet<SamplingSetting> = new Set();

/** The sampling settings a `models:` entry gives itself: sent as written. */
function explicitSettings(own: ModelSettings | undefined): ReadonlySet<SamplingSetting> {
  if (!own || (own.temperature === undefined && own.topP === undefined)) return NONE;
  const explicit = new Set<SamplingSetting>();
  if (own.temperature !== undefined) explicit.add('temperature');
  if (own.topP !== undefined) explicit.add('topP');
  return explicit;
}
