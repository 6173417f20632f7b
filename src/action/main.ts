import * as core from '@actions/core';
import { context as githubContext } from '@actions/github';
import { runEngine } from '../engine.js';
import { GitError } from '../git/git.js';
import { abortOnCancelSignals } from './cancel.js';
import { reportFailureBeforeResults } from './failure-report.js';
import { readActionContext, type ActionContext } from './context.js';
import { comparisonRefs, eventComparison } from './event-refs.js';
import { createActionClient } from './github-client.js';
import { listPullRequestFiles } from './pull-request-files.js';
import { engineOptionsFor, parseInputs, repositoryDir, type ActionInputs } from './inputs.js';
import { applyGate, publishResults } from './publish.js';
import { runReleaseMode } from './release.js';
import { applyShardGate, runMerge } from './merge.js';
import { keepRecordings } from './commit-recordings.js';
import { sinksFor } from '../publish/sinks.js';
import { customCheckPolicy } from './custom-checks.js';
import { forkNotice } from './fork-notice.js';

/** The action's whole life: inputs → engine → report, comment, annotations, outputs → gate. */
export async function run(): Promise<void> {
  const env = process.env;
  // The sinks' secrets cover the github-token input (INPUT_GITHUB-TOKEN) and the runner's own
  // tokens; GitHub masks them too, on top of every sink's redaction.
  const sinks = sinksFor(env);
  for (const secret of sinks.secrets) core.setSecret(secret);
  const cancel = abortOnCancelSignals();
  try {
    const inputs = parseInputs((name) => core.getInput(name));
    const context = readActionContext(githubContext, env);
    if (inputs.mode === 'release') {
      await runReleaseMode(inputs, context, env, cancel.signal);
      return;
    }
    // Production: monitor's guards (src/action/monitor.ts) and harvest's cases (src/action/harvest.ts).
    if (inputs.mode === 'monitor') {
      await (await import('./monitor.js')).runMonitorMode(inputs, context, env);
      return;
    }
    if (inputs.mode === 'harvest') {
      await (await import('./harvest.js')).runHarvestMode(inputs, context, env);
      return;
    }
    // Merge mode joins the shard jobs' results (src/action/merge.ts).
    if (inputs.mode === 'merge') {
      await runMerge(inputs, context, env, cancel.signal);
      return;
    }
    await runPullRequestGate(inputs, context, env, cancel.signal);
  } catch (error) {
    // One clear sentence, never a stack trace: the log is read by people fixing their prompts.
    const message = sinks.text(error instanceof Error ? error.message : String(error));
    await reportFailureBeforeResults(message);
    core.setFailed(message);
  } finally {
    cancel.dispose();
  }
}

async function runPullRequestGate(
  inputs: ActionInputs,
  context: ActionContext,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<void> {
  const repoDir = repositoryDir(inputs, context.workspace);
  const event = eventComparison(context, inputs.mode);
  const pr = event.kind === 'change' ? event.pullRequest : undefined;
  const client = inputs.githubToken ? createActionClient(inputs.githubToken, context.apiUrl, env) : undefined;
  const engineOptions = {
    ...engineOptionsFor(inputs, repoDir, env, (message) => core.warning(message)),
    signal,
    customChecks: customCheckPolicy(context, repoDir),
  };
  let checkedOut: string | undefined;
  if (event.kind === 'change') {
    engineOptions.changedOnly = event.changedOnly;
    try {
      // actions/checkout checks out the merge commit of a pull request by default (or its head,
      // when asked): compare what is checked out with the base it was built on, so changes
      // that landed on the base branch meanwhile are not counted as this pull request's.
      const refs = await comparisonRefs(repoDir, context, event.baseSha);
      checkedOut = refs.headRef;
      engineOptions.baseRef = refs.baseRef;
      engineOptions.headRef = refs.headRef;
    } catch (error) {
      // Without the base commit (a shallow checkout) git cannot tell what changed; the pull
      // request files API can, so the changed folders still run, without a base comparison.
      if (!(error instanceof GitError) || !client || !pr) throw error;
      core.warning(`${error.message} Falling back to the pull request's file list; the base comparison is skipped.`);
      engineOptions.changes = await listPullRequestFiles(client, { owner: context.owner, repo: context.repo, pullNumber: pr.number });
    }
  }
  // A fork PR gets no secrets: said once promptgate.yaml (its endpoints, its responses) is read.
  if (pr?.fromFork) {
    engineOptions.onSettings = (settings) => {
      const notice = settings.responses === 'replay' ? undefined : forkNotice(env, settings.config.endpoints);
      if (notice) core.notice(notice);
    };
  }

  const outcome = await runEngine(engineOptions);
  const { results } = outcome;
  // The endpoints' keys are known once promptgate.yaml is read: masked before anything is published
  // (the environment's own were masked when the action started).
  const masked = new Set(sinksFor(env).secrets);
  for (const secret of outcome.secrets ?? []) if (!masked.has(secret)) core.setSecret(secret);
  const kept = await keepRecordings(outcome.recordingsWritten, { inputs, context, repoDir, client });

  // A shard job never comments: the merge job does, once, for the whole run.
  if (inputs.shard) core.info(`Shard ${inputs.shard.index}/${inputs.shard.count}: no comment and no gate here; the merge job decides.`);
  await publishResults(results, {
    inputs,
    context,
    env,
    repoDir,
    headSha: checkedOut ?? pr?.headSha ?? context.sha,
    commentOn: inputs.shard ? undefined : pr,
    client,
    kept,
    secrets: outcome.secrets,
  });
  if (signal.aborted) {
    // Cancelled: never a verdict on a partial run, whatever the figures say.
    const cancelled = results.suites.flatMap((suite) => suite.tests).filter((test) => test.errorKind === 'cancelled').length;
    core.setFailed(
      `promptgate was cancelled: ${cancelled} tests did not run (errors in results.json); the job summary, results.json and the recordings hold what finished.`,
    );
    return;
  }
  // A shard's share below the threshold is not a failed job: the merge job is the gate.
  if (inputs.shard) applyShardGate(results);
  else applyGate(results);
}
