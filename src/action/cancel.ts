import * as core from '@actions/core';

/**
 * GitHub cancels a job with SIGINT, then SIGTERM a few seconds later, then SIGKILL. Either
 * signal aborts the returned signal: the engine stops starting calls and resolves with what it
 * has, so the action can still write results.json, the summary and the outputs. Listening to
 * both also replaces Node's default of dying at once, so a second signal cannot cut those
 * writes short.
 */
export function abortOnCancelSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      core.info(`Received ${name} again; finishing the report of the tests that ran.`);
      return;
    }
    core.warning(`Received ${name}: the job is being cancelled. No new model calls start; writing the results of the tests that ran.`);
    controller.abort(new Error(`cancelled (${name})`));
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  for (const name of signals) process.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of signals) process.off(name, onSignal);
    },
  };
}
