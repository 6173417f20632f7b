import type { Diagnostic } from '../lib/diagnostics.js';
import { ANTHROPIC_DEFAULT_MAX_TOKENS, CLAUDE_PROVIDERS, type ProviderName } from '../providers/types.js';
import { entrySettings, KNOWN_PROVIDERS, parseModelRef } from './models.js';
import type { ModelEntry } from './types.js';

/*
 * The rules of a `models:` entry's own settings that its schema cannot say: which provider
 * family takes which setting, and a thinking budget below the answer's max_tokens. Each error
 * names the file, the line and the entry's field.
 */

export interface EntryContext {
  /** The provider of entries written without one (the folder's). */
  defaultProvider: ProviderName;
  /** Built-in providers and promptgate.yaml's endpoints. */
  providers?: readonly ProviderName[];
  /** The folder's max_tokens, which an entry without its own uses. */
  maxTokens?: number | undefined;
  file: string;
  lineOf: (pointer: string) => number | undefined;
}

export function modelEntryErrors(entries: readonly ModelEntry[], context: EntryContext): Diagnostic[] {
  const errors: Diagnostic[] = [];
  entries.forEach((entry, index) => {
    if (typeof entry === 'string') return;
    const error = (key: string, message: string) => {
      const line = context.lineOf(`/models/${index}/${key}`) ?? context.lineOf(`/models/${index}`);
      errors.push({ file: context.file, ...(line !== undefined ? { line } : {}), field: `models[${index}].${key}`, message });
    };
    const { provider } = parseModelRef(entry.model, context.defaultProvider, context.providers ?? KNOWN_PROVIDERS);
    const claude = (CLAUDE_PROVIDERS as readonly string[]).includes(provider);
    if (entry.thinking_budget !== undefined && entry.thinking !== undefined) {
      error('thinking', 'give thinking_budget or thinking: { budget_tokens }, not both');
    }
    const thinkingKey = entry.thinking_budget !== undefined ? 'thinking_budget' : 'thinking';
    const settings = entrySettings(entry);
    if (entry.reasoning_effort !== undefined && claude) {
      error('reasoning_effort', `reasoning_effort is an OpenAI setting; ${provider} (Claude) takes thinking_budget instead`);
    }
    if (settings.thinkingBudget === undefined) return;
    if (!claude) {
      error(thinkingKey, `${thinkingKey} is a setting of Claude (anthropic, bedrock, vertex); ${provider} takes reasoning_effort instead`);
      return;
    }
    const maxTokens = settings.maxTokens ?? context.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS;
    if (settings.thinkingBudget >= maxTokens) {
      error(
        thinkingKey,
        `the thinking budget (${settings.thinkingBudget}) must be less than max_tokens (${maxTokens}): thinking counts toward ` +
          `max_tokens, so set max_tokens on this entry above the budget plus the answer`,
      );
    }
  });
  return errors;
}
