import type { CheckResult, TestResult, TestRun } from '../results/model.js';
import { NOT_RUN_KINDS } from '../results/not-run.js';
import { K_OF_N_CHECK } from '../run/repeats.js';

/*
 * "A test's status agrees with its checks": the rule the runner follows, checked on every test
 * a merge joins (a status is what the pass rate, the flips and the gate count, so a file whose
 * statuses were edited, or written by something else, must not be counted).
 *
 * One answer (a test run once, or each run of a repeated test):
 * - passed: no error (error null, no errorKind), and every check passed (none is fine: a test
 *   may check nothing).
 * - failed: no error, and at least one check failed.
 * - error: an error message and an errorKind. A not-run error (missing-recording,
 *   no-credentials, cancelled) had no answer: no checks and no output. Any other error may keep
 *   the checks of its answer (a judge that could not judge leaves the answer's own checks beside
 *   its failed rubric check), but then at least one failed: an answer whose every check
 *   passed, with nothing left unjudged, is a pass.
 *
 * A repeated test (`runs`): each run obeys the rule above, numbered 1..N in order; with N ≥ 2
 * its first check is "runs passed", expected ">= K of N" and actual the runs that passed, and
 * passed exactly when at least K did. Its status is then the runner's k-of-n status: passed when
 * at least K runs passed; otherwise failed when the failed runs alone leave fewer than K
 * possible, else error (the shortfall is runs with no answer). A passed one has no failed check,
 * error and errorKind only when it is an error, and `flaky` exactly when its answered runs
 * disagree (some passed, some failed).
 */

type Answer = Pick<TestResult, 'status' | 'checks' | 'output' | 'error' | 'errorKind'>;

/** Why the test's status contradicts its checks or runs, starting "is …" or "run N …"; undefined when it agrees. */
export function statusContradiction(test: TestResult): string | undefined {
  return test.runs === undefined ? answerContradiction(test) : repeatedContradiction(test, test.runs);
}

function answerContradiction(answer: Answer): string | undefined {
  const failed = answer.checks.find((check) => !check.passed);
  const errored = answer.error !== null || answer.errorKind !== undefined;
  switch (answer.status) {
    case 'passed':
      if (failed) return `is passed but its check "${failed.name}" failed`;
      return errored ? `is passed but has an error (${errorOf(answer)})` : undefined;
    case 'failed':
      if (errored) return `is failed but has an error (${errorOf(answer)}): an errored test is an error`;
      return failed ? undefined : 'is failed but every check passed and it has no error';
    case 'error':
      if (!answer.error) return 'is error but has no error message';
      if (answer.errorKind === undefined) return 'is error but has no errorKind';
      if (NOT_RUN_KINDS.includes(answer.errorKind) && (answer.checks.length > 0 || answer.output !== null))
        return `is error (${answer.errorKind}: not run) but has ${answer.checks.length > 0 ? 'checks' : 'an output'}`;
      if (answer.checks.length > 0 && !failed) return `is error (${answer.errorKind}) but every one of its checks passed`;
      return undefined;
    default:
      return `has the status ${JSON.stringify(answer.status)}`;
  }
}

function repeatedContradiction(test: TestResult, runs: readonly TestRun[]): string | undefined {
  for (const [index, run] of runs.entries()) {
    if (run.run !== index + 1) return `has runs numbered ${runs.map((each) => each.run).join(', ')}, not 1 to ${runs.length}`;
    const problem = answerContradiction(run);
    if (problem) return `run ${run.run} ${problem}`;
  }
  const count = runs.length;
  const passed = runs.filter((run) => run.status === 'passed').length;
  const failed = runs.filter((run) => run.status === 'failed').length;
  // One run is the test itself (no k-of-n check): it must pass.
  let minPass = 1;
  if (count > 1) {
    const stated = kOfNStated(test.checks[0], count);
    if (stated === undefined) return `has ${count} runs but no "${K_OF_N_CHECK}" check first, stating ">= K of ${count}"`;
    minPass = stated;
    const check = test.checks[0]!;
    if (check.actual !== passed || check.passed !== passed >= minPass)
      return `has the check "${K_OF_N_CHECK}" ${check.passed ? 'passed' : 'failed'} with ${JSON.stringify(check.actual)} runs passed, but ${passed} of its ${count} runs passed and ${minPass} must`;
  }
  const status = passed >= minPass ? 'passed' : count - failed < minPass ? 'failed' : 'error';
  if (test.status !== status)
    return `is ${test.status} but ${passed} of its ${count} runs passed and ${failed} failed, with ${minPass} needed: that is ${status === 'error' ? 'an error' : status}`;
  const failedCheck = test.checks.find((check) => !check.passed);
  if (status === 'passed' && failedCheck) return `is passed but its check "${failedCheck.name}" failed`;
  if (status === 'error' && (!test.error || test.errorKind === undefined)) return 'is error but has no error message and errorKind';
  if (status !== 'error' && (test.error !== null || test.errorKind !== undefined))
    return `is ${status} but has an error (${errorOf(test)})`;
  const answered = runs.filter((run) => run.status !== 'error');
  const flaky = answered.some((run) => run.status === 'passed') && answered.some((run) => run.status === 'failed');
  if ((test.flaky ?? false) !== flaky)
    return `is ${flaky ? 'not ' : ''}marked flaky, but its answered runs ${flaky ? 'disagree' : 'agree'} (${passed} passed, ${failed} failed)`;
  return undefined;
}

/** K from the k-of-n check's expected value `>= K of N`, when the check is there and N is the runs'. */
function kOfNStated(check: CheckResult | undefined, count: number): number | undefined {
  if (check?.name !== K_OF_N_CHECK || typeof check.expected !== 'string') return undefined;
  const match = /^>= (\d+) of (\d+)$/.exec(check.expected);
  return match && Number(match[2]) === count && Number(match[1]) >= 1 ? Number(match[1]) : undefined;
}

function errorOf(answer: Pick<Answer, 'error' | 'errorKind'>): string {
  return answer.error ? answer.error.split('\n')[0]! : `errorKind ${answer.errorKind ?? ''}`;
}
