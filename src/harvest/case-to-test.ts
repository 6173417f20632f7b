import { InputError } from '../lib/diagnostics.js';
import { shortToken } from '../lib/quote.js';
import { expandModels } from '../load/models.js';
import { buildModelRequest } from '../load/request.js';
import { checkPlaceholders, testVariables } from '../load/template.js';
import type { PromptFolder } from '../load/types.js';
import { finishReasonOf } from '../providers/finish-reason.js';
import type { RecordingStore } from '../providers/recordings.js';
import { requestKey } from '../providers/request-key.js';
import type { ChatMessage, ModelResponse } from '../providers/types.js';
import type { ProductionCase } from './cases.js';
import { hashedValue, type Scrubber } from './scrub.js';
import type { NewTest } from './tests-file.js';

/*
 * One production case as a test: the user's input (the conversation's last turn), its prior
 * turns (after the version's few-shot examples, which are the prompt's, not the case's), its
 * variables (kept or hashed), all scrubbed; and its answer, recorded under the request the test
 * will send.
 */

export interface HarvestedCase {
  test: NewTest;
  production: ProductionCase;
}

export interface CaseContext {
  /** The folder the test goes into. */
  target: PromptFolder;
  /** The version that served the case, loaded at its tag (undefined without a tag). */
  served: PromptFolder | undefined;
  keep: ReadonlySet<string>;
  scrub: Scrubber;
  /** The filter, for the test's name. */
  where: string;
  /** Test names already taken. */
  names: ReadonlySet<string>;
}

export function caseToTest(production: ProductionCase, context: CaseContext): HarvestedCase | { skipped: string } {
  const { execution } = production;
  const turns = production.turns ?? [];
  const last = turns.at(-1);
  if (!last || last.role !== 'user') return { skipped: "a span's conversation does not end with the user's message: skipped" };
  const examples = (context.served ?? context.target).examples;
  const prefix = turns.slice(0, examples.length);
  const sameExamples = prefix.length === examples.length && prefix.every((turn, i) => turn.role === examples[i]!.role);
  if (!sameExamples) {
    return {
      skipped: `the conversation of ${execution.version} does not start with its ${examples.length} few-shot examples${context.served ? '' : ' (no tag of that version to read them from)'}: skipped`,
    };
  }
  const messages: ChatMessage[] = turns
    .slice(examples.length, -1)
    .map((turn) => ({ role: turn.role, content: context.scrub(turn.content) }));
  const vars: Record<string, string> = {};
  for (const name of Object.keys(production.variables).sort()) {
    const value = production.variables[name]!;
    vars[name] = context.keep.has(name) ? context.scrub(value) : hashedValue(value);
  }
  try {
    checkPlaceholders(context.target.systemTemplate, testVariables(context.target.settings.variables, vars), context.target.systemFile);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return {
      skipped: `${error.message}: the spans hold no promptgate.variable for it (name it in telemetry.record.variables) and prompt.yaml has no default: skipped`,
    };
  }
  const id = execution.traceId.slice(0, 8) || String(Math.round(execution.endMs));
  let name = `harvested: ${shortToken(context.where)} (${id})`;
  for (let n = 2; context.names.has(name); n += 1) name = `harvested: ${shortToken(context.where)} (${id}-${n})`;
  return {
    production,
    test: {
      name,
      input: context.scrub(last.content),
      vars,
      ...(messages.length > 0 ? { messages } : {}),
      source: { trace_id: execution.traceId, version: execution.version, at: new Date(Math.round(execution.endMs)).toISOString() },
    },
  };
}

/**
 * Records the production answer under the request the new test will send (the folder's model
 * that answered in production, when the folder still asks it), so the test replays for free.
 * Returns why it did not, or undefined.
 */
export function recordAnswer(store: RecordingStore, harvested: HarvestedCase, target: PromptFolder, scrub: Scrubber): string | undefined {
  const { production, test } = harvested;
  if (!production.answer)
    return 'some cases have no answer in their span (the call failed): their tests call the model when they first run';
  const model = expandModels(target).find(
    (folder) => folder.settings.provider === production.provider && folder.settings.model === production.model,
  );
  if (!model) {
    return `the production answers came from ${production.provider ?? '?'}:${production.model ?? '?'}, which ${target.path} no longer asks: not recorded, the new tests call the model`;
  }
  const request = buildModelRequest(model, { input: test.input, vars: test.vars, ...(test.messages ? { messages: test.messages } : {}) });
  const finishReason = finishReasonOf(production.answer.finishReason);
  const response: ModelResponse = {
    text: scrub(production.answer.text),
    model: production.servedModel ?? production.model ?? model.settings.model,
    usage: {
      inputTokens: production.inputTokens ?? 0,
      outputTokens: production.outputTokens ?? 0,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
    },
    latencyMs: Math.round(production.execution.latencyMs),
    ...(finishReason ? { finishReason } : {}),
  };
  store.record(requestKey(request), request, test.name, 0, response, []);
  return undefined;
}
