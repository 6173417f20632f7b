import { dropRefusedSettings, SETTING_NAMES, type SamplingSetting } from '../providers/model-family.js';
import type { ChatMessage, ModelRequest } from '../providers/types.js';
import type { ModelSettings, PromptFolder } from '../load/types.js';

/** Told of settings not sent to a model that refuses them: `who` is `openai:gpt-5-mini`, or `judge openai:gpt-5-mini`. */
export type DroppedSettingsNote = (who: string, settings: readonly SamplingSetting[]) => void;

/**
 * A test's request as the provider is asked it: the model's own settings (a `models:` entry's)
 * over the folder's, schema.json as structured output unless `structured_output: false`, and
 * without the folder's sampling settings the model family refuses (model-family.ts). The
 * recording key is a hash of exactly this request, so a folder that uses none of these settings
 * keeps its keys.
 */
export function modelRequest(folder: PromptFolder, messages: ChatMessage[], onDropped?: DroppedSettingsNote): ModelRequest {
  const { settings } = folder;
  const own = settings.modelSettings;
  const request: ModelRequest = { provider: settings.provider, model: settings.model, messages };
  // Set one by one, not spread from optional pieces: a spread makes an object per piece per test.
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

/**
 * The settings a run did not send, told once: one notice for the whole run, however many tests
 * (and judges) would have sent them.
 */
export class DroppedSettings {
  /** Settings (as their names, joined) to the models they were not sent to, in first-seen order. */
  private readonly byModel = new Map<string, Set<SamplingSetting>>();

  readonly note: DroppedSettingsNote = (who, settings) => {
    let set = this.byModel.get(who);
    if (!set) this.byModel.set(who, (set = new Set()));
    for (const setting of settings) set.add(setting);
  };

  /** The run's notice, or none when every setting was sent. */
  notices(): string[] {
    if (this.byModel.size === 0) return [];
    const groups = new Map<string, string[]>();
    for (const [who, settings] of this.byModel) {
      const names = (['temperature', 'topP'] as const).filter((setting) => settings.has(setting)).map((setting) => SETTING_NAMES[setting]);
      const key = names.join(' and ');
      groups.set(key, [...(groups.get(key) ?? []), who]);
    }
    const parts = [...groups].map(([names, models]) => `${names} to ${models.join(', ')}`);
    return [
      `Not sent, because these models refuse them (OpenAI's gpt-5 and o-series answer 400 "Unsupported value"): ${parts.join('; ')}. ` +
        "A value on the model's own models: entry is sent as written.",
    ];
  }
}
