import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/*
 * Patterns written by users — `regex` checks in tests.yaml, `pattern` and `patternProperties`
 * in a JSON Schema — run with a deadline: `(a+)+$` on a long non-matching answer backtracks for
 * ages, and one bad pattern must not hang the run (nor leave it deaf to SIGTERM, since a
 * backtracking regex never yields to the event loop).
 *
 * They run in one standing worker thread; the caller waits for the verdict synchronously
 * (Atomics.wait), and a worker that misses the deadline is terminated and replaced. (Node's vm
 * `timeout` did the same in this thread, but starts a watchdog thread per call: 0.6 ms a call,
 * against 0.05 ms for a message to a standing worker, measured. Schema patterns are checked on
 * every string of every answer.)
 *
 * The deadline is wall-clock time: on a busy runner a trivial pattern can miss it when a thread
 * is descheduled, so a timeout at REGEX_TIMEOUT_MS is confirmed by waiting on the same match up
 * to REGEX_CONFIRM_TIMEOUT_MS before it is reported; a verdict never depends on load.
 *
 * The run's budget (startRegexRun resets it): one catastrophic pattern shared by 4,000 tests
 * cost a second an answer, over an hour in all. So
 * - a pattern (source and flags) that timed out once in the run fails at once on every later
 *   subject, with the first timeout's message: it is a broken check, and fixing it is the
 *   only way out;
 * - once the run has spent REGEX_RUN_BUDGET_MS waiting on timeouts, a new pattern that misses
 *   REGEX_TIMEOUT_MS is reported then, without the longer confirming wait.
 */

export const REGEX_TIMEOUT_MS = 200;
/** How long a match that missed REGEX_TIMEOUT_MS may still take before it is a timeout. */
export const REGEX_CONFIRM_TIMEOUT_MS = 1000;
/** The run's time waiting on timed-out patterns after which timeouts are no longer confirmed. */
export const REGEX_RUN_BUDGET_MS = 5000;

export type RegexOutcome = { matched: boolean } | { error: string; timedOut?: true };

/** Patterns that timed out in this run, by `/source/flags`, with the message they failed with. */
const timedOut = new Map<string, string>();
let spentMs = 0;

/** A new run: no pattern has timed out yet, and the whole budget is there. */
export function startRegexRun(): void {
  timedOut.clear();
  spentMs = 0;
}

/** Whether `pattern` with `flags` matches `subject`, within the deadline; never throws. */
export function testRegex(pattern: string, flags: string, subject: string): RegexOutcome {
  const shown = `/${pattern}/${flags}`;
  const earlier = timedOut.get(shown);
  if (earlier !== undefined) return { error: earlier, timedOut: true };
  try {
    // Compiling checks the syntax in this thread, at no risk: only matching backtracks.
    new RegExp(pattern, flags);
  } catch (error) {
    const message = (error as { message?: string } | null)?.message ?? String(error);
    return { error: `invalid regular expression ${shown}: ${message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}` };
  }
  const confirm = spentMs < REGEX_RUN_BUDGET_MS;
  const started = performance.now();
  const verdict = matchInWorker(pattern, flags, subject, confirm ? REGEX_CONFIRM_TIMEOUT_MS : REGEX_TIMEOUT_MS);
  if (verdict !== 'timeout')
    return 'failed' in verdict ? { error: `regex ${shown} could not be run on this answer: ${verdict.failed}` } : verdict;
  spentMs += performance.now() - started;
  const message = confirm
    ? `regex timed out after ${REGEX_CONFIRM_TIMEOUT_MS} ms (catastrophic backtracking?): ${shown}`
    : `regex timed out after ${REGEX_TIMEOUT_MS} ms (catastrophic backtracking?): ${shown} (not confirmed by a longer wait: the run has spent its ${REGEX_RUN_BUDGET_MS / 1000} s budget for timed-out patterns)`;
  timedOut.set(shown, `${message}, on an earlier answer of this run, so it is not run again`);
  return { error: message, timedOut: true };
}

/**
 * A RegExp-like object for ajv's `code.regExp` option: a JSON Schema's patterns get the same
 * deadline and budget as `regex` checks. A syntax error throws when the schema is compiled, as
 * with ajv's own engine; a timeout throws RegexTimeoutError from the validation, which the
 * callers report as a schema that could not be checked.
 */
export const sandboxedRegExp = Object.assign(
  (pattern: string, flags: string): { test(subject: string): boolean; toString(): string } => {
    new RegExp(pattern, flags);
    return {
      test(subject: string): boolean {
        const outcome = testRegex(pattern, flags, String(subject));
        if ('matched' in outcome) return outcome.matched;
        throw new RegexTimeoutError(outcome.error);
      },
      // ajv shares one object per pattern by this key.
      toString: () => `/${pattern}/${flags}`,
    };
  },
  // The name ajv would print in standalone code (promptgate compiles at run time only).
  { code: 'sandboxedRegExp' },
);

export class RegexTimeoutError extends Error {}

// ---------------------------------------------------------------------------------------------
// The worker

const STARTING = 0;
const READY = 1;
const PENDING = 2;
const MATCHED = 3;
const NOT_MATCHED = 4;
/** The match threw (V8 gives up on some huge matches): the reason waits on the port. */
const FAILED = 5;
/** How long a new worker may take to start, apart from any pattern's deadline. */
const START_TIMEOUT_MS = 30_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
const reasons = workerData.reasons;
const compiled = new Map();
parentPort.on('message', ([pattern, flags, subject]) => {
  let result;
  try {
    const key = flags + '/' + pattern;
    let regex = compiled.get(key);
    if (regex === undefined) {
      if (compiled.size >= 1000) compiled.clear();
      regex = new RegExp(pattern, flags);
      compiled.set(key, regex);
    }
    regex.lastIndex = 0;
    result = regex.test(subject) ? ${MATCHED} : ${NOT_MATCHED};
  } catch (error) {
    reasons.postMessage(String((error && error.message) || error));
    result = ${FAILED};
  }
  Atomics.store(state, 0, result);
  Atomics.notify(state, 0);
});
Atomics.store(state, 0, ${READY});
Atomics.notify(state, 0);
`;

interface Sandbox {
  worker: Worker;
  state: Int32Array;
  /** Where the worker says why a match threw; read synchronously. */
  reasons: MessagePort;
}

let sandbox: Sandbox | undefined;

type WorkerVerdict = { matched: boolean } | { failed: string } | 'timeout';

/** The verdict; a match that outlived `limitMs` is a timeout, and its worker is replaced. */
function matchInWorker(pattern: string, flags: string, subject: string, limitMs: number): WorkerVerdict {
  const { worker, state, reasons } = (sandbox ??= startWorker());
  Atomics.store(state, 0, PENDING);
  worker.postMessage([pattern, flags, subject]);
  Atomics.wait(state, 0, PENDING, limitMs);
  const result = Atomics.load(state, 0);
  if (result === MATCHED || result === NOT_MATCHED) return { matched: result === MATCHED };
  if (result === FAILED) return { failed: String(receiveMessageOnPort(reasons)?.message ?? 'unknown error') };
  // Still backtracking: the thread is stopped and the next pattern gets a fresh one.
  sandbox = undefined;
  reasons.close();
  void worker.terminate();
  return 'timeout';
}

function startWorker(): Sandbox {
  const state = new Int32Array(new SharedArrayBuffer(4));
  const { port1: reasons, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { state: state.buffer, reasons: port2 }, transferList: [port2] });
  // A pattern's thread never keeps promptgate running, and its failure only costs a restart.
  worker.unref();
  reasons.unref();
  worker.on('error', () => {
    if (sandbox?.worker === worker) sandbox = undefined;
  });
  Atomics.wait(state, 0, STARTING, START_TIMEOUT_MS);
  return { worker, state, reasons };
}
