import { isBuiltinProvider, type ModelRequest, type ProviderName } from './types.js';

/**
 * What a model family refuses, known from its name before any call. OpenAI's reasoning models
 * (gpt-5, gpt-5-mini, gpt-5.1…, and the o-series: o1, o3, o3-mini, o4-mini) answer a request
 * that carries `temperature` or `top_p` with a 400 and no answer:
 *
 *   Unsupported value: 'temperature' does not support 0 with this model. Only the default (1)
 *   value is supported.                                        (gpt-5*, code unsupported_value)
 *   Unsupported parameter: 'temperature' is not supported with this model.   (o-series)
 *   Unsupported parameter: 'top_p' is not supported with this model.          (o-series)
 *
 * (the error bodies users report: tmc/langchaingo#1355, openai/openai-python#2072,
 * lobehub/lobehub#7747). gpt-5-chat-latest is a chat model that takes both. GPT-5.1 and later
 * take them with `reasoning_effort: none`, which turns reasoning off (OpenAI's reasoning guide,
 * as quoted in vercel/ai#10932).
 *
 * Only the OpenAI wire carries these names: openai, azure (a deployment named after its model)
 * and OpenAI-compatible endpoints (OpenRouter's `openai/gpt-5-mini` is matched by its last
 * part). Anthropic's SDK has no temperature at all (anthropic.ts says so once).
 */

/** A sampling setting a family may refuse, by its ModelRequest name. */
export type SamplingSetting = 'temperature' | 'topP';

/** The name in prompt.yaml / promptgate.yaml, for messages. */
export const SETTING_NAMES: Readonly<Record<SamplingSetting, string>> = { temperature: 'temperature', topP: 'top_p' };

const REASONING_FAMILY = /^(?:gpt-5(?!-chat)|o\d)/;
/** gpt-5.1, gpt-5.2-mini…: reasoning can be turned off, and sampling settings come back with it. */
const REASONING_OPTIONAL = /^gpt-5\.(?:[1-9]\d*)/;

function speaksOpenAIWire(provider: ProviderName): boolean {
  return provider === 'openai' || provider === 'azure' || !isBuiltinProvider(provider);
}

/** The sampling settings this model refuses, with the request's own reasoning effort. */
export function refusedSettings(provider: ProviderName, model: string, reasoningEffort: string | undefined): SamplingSetting[] {
  if (!speaksOpenAIWire(provider)) return [];
  const name = (model.split('/').pop() ?? model).trim().toLowerCase();
  if (!REASONING_FAMILY.test(name)) return [];
  if (reasoningEffort === 'none' && REASONING_OPTIONAL.test(name)) return [];
  return ['temperature', 'topP'];
}

/**
 * Takes out of the request the settings its model refuses, unless `explicit` names them (a
 * `models:` entry's own value is sent as written). Returns the settings it took out.
 */
export function dropRefusedSettings(request: ModelRequest, explicit: ReadonlySet<SamplingSetting> = new Set()): SamplingSetting[] {
  const dropped: SamplingSetting[] = [];
  for (const setting of refusedSettings(request.provider, request.model, request.reasoningEffort)) {
    if (request[setting] === undefined || explicit.has(setting)) continue;
    delete request[setting];
    dropped.push(setting);
  }
  return dropped;
}
