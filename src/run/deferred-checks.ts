import type { RequestContext, ToolCall } from '../providers/types.js';
import type { CheckResult, JudgeUsage, TestResult } from '../results/model.js';
import type { Assertion, PromptFolder, TestCase } from '../load/types.js';
import { DEFAULT_EMBEDDING_MODEL } from '../load/folder-checks.js';
import { sumJudgeUsage } from '../results/summarize.js';
import { judgeAnswer, type JudgeContext } from './judge-run.js';
import { finishCheck, type Outcome } from './negate.js';
import { OutputView } from './output-view.js';
import type { CustomCheckPolicy, CustomChecks } from './js-checks.js';

/*
 * The checks the runner makes after the answer's own: they call out. `rubric` asks a judge
 * model, `js` runs the folder's checks.mjs, `similar` asks for embeddings. Their calls go through
 * the same answer source (recorded and replayed), counted with the judge's, and their tokens and
 * cost are the test's `judge` usage, apart from the prompt's own. A check that could not run
 * (no verdict) makes the test errored, not failed, with the reason.
 *
 * js-checks.ts and similar-check.ts are loaded when a test first needs them: most runs have
 * neither, and every run loads this file.
 */

export interface DeferredContext extends JudgeContext {
  customChecks?: CustomCheckPolicy | undefined;
}

/** One set of module workers per run (the policy object is the run's, shared by its sides). */
const runChecks = new WeakMap<CustomCheckPolicy, Promise<CustomChecks>>();
const NO_POLICY: CustomCheckPolicy = { reason: 'custom checks were not enabled for this run' };

function customChecksFor(policy: CustomCheckPolicy = NO_POLICY): Promise<CustomChecks> {
  let checks = runChecks.get(policy);
  if (!checks) {
    checks = import('./js-checks.js').then(({ CustomChecks }) => new CustomChecks(policy));
    runChecks.set(policy, checks);
  }
  return checks;
}

const DEFERRED: ReadonlySet<string> = new Set(['rubric', 'js', 'similar']);

export function isDeferred(assertion: Assertion): boolean {
  return DEFERRED.has(assertion.type);
}

/** The final answer the deferred checks read. */
export interface FinalAnswer {
  /** The output as shown (what the text checks read). */
  output: string;
  /** The model's message text (where the JSON answer is). */
  text: string;
  /** The final answer's own calls, and every call made along the way. */
  calls: readonly ToolCall[];
  allCalls: readonly ToolCall[];
}

const ERROR_WORDS: Record<string, { kind: string; words: string }> = {
  rubric: { kind: 'judge', words: 'the judge could not judge' },
  js: { kind: 'custom-check', words: 'a custom check could not run' },
  similar: { kind: 'similar', words: 'the similar check could not run' },
};

export async function withDeferredChecks(
  folder: PromptFolder,
  test: TestCase,
  answered: TestResult,
  final: FinalAnswer,
  run: Pick<RequestContext, 'repeatIndex' | 'beforeCall'>,
  context: DeferredContext,
): Promise<TestResult> {
  const others = test.assert.filter((assertion) => assertion.type === 'js' || assertion.type === 'similar');
  const judged = await judgeAnswer(folder, test, final.output, run, context);
  if (judged.usage === undefined && judged.checks.length === 0 && others.length === 0) return answered;
  const checks: CheckResult[] = [...answered.checks, ...judged.checks];
  let errored = judged.errored !== undefined ? { type: 'rubric', reason: judged.errored } : undefined;
  const usages: Array<JudgeUsage | undefined> = [judged.usage];
  const view = new OutputView(final.output, final.text, final.calls.length > 0);
  for (const assertion of others) {
    const made =
      assertion.type === 'js'
        ? await runJs(folder, test, assertion, final, view, context)
        : await runSimilar(folder, test, assertion, view, run, context);
    checks.push(finishCheck(made.outcome, assertion));
    usages.push(made.usage);
    if (made.outcome.errored !== undefined) errored ??= { type: assertion.type, reason: made.outcome.errored };
  }
  const usage = sumJudgeUsage(usages);
  const status = errored ? 'error' : checks.every((check) => check.passed) ? 'passed' : 'failed';
  const words = errored ? ERROR_WORDS[errored.type]! : undefined;
  return {
    ...answered,
    status,
    checks,
    ...(errored && words ? { errorKind: words.kind, error: `${words.words}: ${errored.reason}` } : {}),
    ...(usage ? { judge: usage } : {}),
  };
}

type Made = { outcome: Outcome & { errored?: string }; usage?: JudgeUsage };

async function runJs(
  folder: PromptFolder,
  test: TestCase,
  assertion: Extract<Assertion, { type: 'js' }>,
  final: FinalAnswer,
  view: OutputView,
  context: DeferredContext,
): Promise<Made> {
  const parsed = view.json();
  const [checks, { jsCheckTest, jsOutcome }] = await Promise.all([customChecksFor(context.customChecks), import('./js-checks.js')]);
  const verdict = await checks.run(
    folder,
    assertion.value,
    final.output,
    jsCheckTest(test, parsed.ok ? parsed.value : undefined, final.allCalls),
  );
  return { outcome: jsOutcome(assertion.value, verdict) };
}

async function runSimilar(
  folder: PromptFolder,
  test: TestCase,
  assertion: Extract<Assertion, { type: 'similar' }>,
  view: OutputView,
  run: Pick<RequestContext, 'repeatIndex' | 'beforeCall'>,
  context: DeferredContext,
): Promise<Made> {
  const { embeddingRequest, similarFailed, similarOutcome, similarText, similarWords } = await import('./similar-check.js');
  const subject = assertion.path === undefined ? { ok: true as const, value: view.text } : view.select(assertion.path);
  if (!subject.ok) return { outcome: { ...similarWords(assertion), ...subject.failure } };
  const text = similarText(subject) ?? '';
  // An empty answer is like nothing (and the embeddings APIs refuse an empty input).
  if (text.trim() === '')
    return { outcome: { ...similarWords(assertion), passed: false, actual: 0, message: `${assertion.path ?? 'output'} is empty` } };
  const model = folder.embeddingModel ?? DEFAULT_EMBEDDING_MODEL;
  const request = embeddingRequest(model, assertion.value, text);
  try {
    const response = await context.answerSource.respond(request, {
      folderPath: folder.path,
      testName: test.name,
      ...run,
      purpose: 'judge',
    });
    const { costUsd } = context.priceCall({
      provider: request.provider,
      requestedModel: request.model,
      servedModel: response.model,
      usage: response.usage,
    });
    return {
      outcome: similarOutcome(assertion, response.embeddings),
      usage: { inputTokens: response.usage.inputTokens, outputTokens: 0, costUsd },
    };
  } catch (error) {
    return { outcome: similarFailed(assertion, error) };
  }
}
