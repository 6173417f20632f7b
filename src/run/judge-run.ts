import type { CallToPrice, PricedCall } from '../providers/price-call.js';
import { ProviderError, type AnswerSource, type RequestContext } from '../providers/types.js';
import type { CheckResult, JudgeUsage } from '../results/model.js';
import type { Assertion, PromptFolder, TestCase } from '../load/types.js';
import { buildJudgeRequest, parseJudgeAnswer, rubricCheck, type JudgeVerdict } from './judge.js';
import { resolveJudge, type Parsed } from '../load/rubric.js';
import { dropRefusedSettings } from '../providers/model-family.js';
import type { DroppedSettingsNote } from '../load/request.js';
import { finishCheck } from './negate.js';

/*
 * Runs a test's `rubric` assertions: one judge call per rubric, through the same AnswerSource
 * as the prompt's own call, so the judge's answer is recorded in the folder's recordings.json
 * (keyed by the request: judge prompt, rubric, input and answer) and replayed for free.
 */

type Rubric = Extract<Assertion, { type: 'rubric' }>;

export interface JudgeContext {
  answerSource: AnswerSource;
  priceCall(call: CallToPrice): PricedCall;
  /** promptgate.yaml `judge:`, the default for rubrics that name none. */
  defaultJudge?: string | undefined;
  /** The providers a judge may name: the built-in ones and promptgate.yaml's endpoints. */
  judgeProviders?: readonly string[] | undefined;
  /** Told of the judge's temperature not sent to a model family that refuses it. */
  onDroppedSettings?: DroppedSettingsNote | undefined;
}

export interface JudgedChecks {
  checks: CheckResult[];
  /** A judge could not judge: the test has no verdict and counts as errored. */
  errored: string | undefined;
  /** Summed over the rubrics; undefined when the test has none. */
  usage: JudgeUsage | undefined;
}

export function rubricsOf(test: TestCase): Rubric[] {
  return test.assert.filter((assertion): assertion is Rubric => assertion.type === 'rubric');
}

export async function judgeAnswer(
  folder: PromptFolder,
  test: TestCase,
  answer: string,
  run: Pick<RequestContext, 'repeatIndex' | 'beforeCall'>,
  context: JudgeContext,
): Promise<JudgedChecks> {
  const rubrics = rubricsOf(test);
  if (rubrics.length === 0) return { checks: [], errored: undefined, usage: undefined };
  const checks: CheckResult[] = [];
  let errored: string | undefined;
  const usage: JudgeUsage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
  for (const rubric of rubrics) {
    const judge = resolveJudge(rubric.judge, context.defaultJudge, context.judgeProviders);
    if (!judge.ok) {
      checks.push(
        finishCheck({ name: 'rubric', passed: false, expected: rubric.value, actual: null, message: judge.error, undecided: true }, rubric),
      );
      errored ??= judge.error;
      continue;
    }
    const request = buildJudgeRequest(judge.value, {
      rubric: rubric.value,
      input: test.input,
      answer,
      ...(test.messages ? { conversation: test.messages } : {}),
    });
    // The judge follows the model-family rules too: a gpt-5 or o-series judge gets no temperature.
    const dropped = dropRefusedSettings(request);
    if (dropped.length > 0) context.onDroppedSettings?.(`judge ${request.provider}:${request.model}`, dropped);
    let outcome: Parsed<JudgeVerdict>;
    try {
      const response = await context.answerSource.respond(request, {
        folderPath: folder.path,
        testName: test.name,
        ...run,
        purpose: 'judge',
      });
      usage.inputTokens += response.usage.inputTokens;
      usage.outputTokens += response.usage.outputTokens;
      const cost = context.priceCall({
        provider: request.provider,
        requestedModel: request.model,
        servedModel: response.model,
        usage: response.usage,
      }).costUsd;
      usage.costUsd = usage.costUsd === null || cost === null ? null : usage.costUsd + cost;
      outcome = parseJudgeAnswer(response.text);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      outcome = { ok: false, error: error.message };
    }
    const result = rubricCheck(
      { rubric: rubric.value, judge: judge.value, ...(rubric.minScore !== undefined ? { minScore: rubric.minScore } : {}) },
      outcome,
    );
    // A judge that could not judge gives no verdict, so a not-rubric cannot pass on it either.
    checks.push(finishCheck(result.errored ? { ...result.check, undecided: true } : result.check, rubric));
    // The reason alone: the runner says "the judge could not judge" once, before it.
    if (result.errored && !outcome.ok) errored ??= outcome.error;
  }
  return { checks, errored, usage };
}
