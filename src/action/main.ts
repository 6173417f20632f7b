import * as core from '@actions/core';
import { context as githubContext } from '@actions/github';
import { resolve } from 'node:path';
import { runEngine } from '../engine.js';
import { redact, secretsIn } from '../secrets.js';
import { GitError } from '../git.js';
import { commentMarker, renderComment, renderJobSummary } from '../report/comment.js';
import { renderConsole } from '../report/console.js';
import { describeGateFailure } from '../report/gate.js';
import { renderJUnit } from '../report/junit.js';
import { sanitizeForLog } from '../report/log-text.js';
import { writeResultsFile, writeTextFile, type ResultsFile } from '../report/results-file.js';
import { buildAnnotations } from './annotations.js';
import { abortOnCancelSignals } from './cancel.js';
import { reportFailureBeforeResults } from './failure-report.js';
import { readActionContext, type ActionContext } from './context.js';
import { comparisonRefs, eventComparison } from './event-refs.js';
import { createClient } from './github-client.js';
import { describeGitHubError } from './github-errors.js';
import { listPullRequestFiles } from './pull-request-files.js';
import { DEFAULT_COMMENT_AUTHOR, getAuthenticatedLogin, upsertStickyComment } from './sticky-comment.js';
import { engineOptionsFor, parseInputs, repositoryDir, resultsPathFor, type ActionInputs } from './inputs.js';
import { actionOutputs } from './outputs.js';
import { runReleaseMode } from './release.js';
import { applyShardGate, runMerge } from './merge.js';

/** The provider keys a fork PR does not get (the github-token it does get is not one). */
const PROVIDER_KEY_VARIABLES = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'AZURE_OPENAI_API_KEY'];

/** The action's whole life: inputs → engine → report, comment, annotations, outputs → gate. */
export async function run(): Promise<void> {
  const env = process.env;
  // secretsIn covers the github-token input (INPUT_GITHUB-TOKEN) and the runner's own tokens.
  for (const secret of secretsIn(env)) core.setSecret(secret);
  const cancel = abortOnCancelSignals();
  try {
    const inputs = parseInputs((name) => core.getInput(name));
    const context = readActionContext(githubContext, env);
    if (inputs.mode === 'release') {
      await runReleaseMode(inputs, context, env);
      return;
    }
    // shard helper: merge mode joins the shard jobs' results (src/action/merge.ts).
    if (inputs.mode === 'merge') {
      await runMerge(inputs, context, env);
      return;
    }
    await runPullRequestGate(inputs, context, env, cancel.signal);
  } catch (error) {
    // One clear sentence, never a stack trace: the log is read by people fixing their prompts.
    const message = redact(error instanceof Error ? error.message : String(error), secretsIn(env));
    await reportFailureBeforeResults(message);
    core.setFailed(message);
  } finally {
    cancel.dispose();
  }
}

async function runPullRequestGate(inputs: ActionInputs, context: ActionContext, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<void> {
  const repoDir = repositoryDir(inputs, context.workspace);
  const event = eventComparison(context, inputs.mode);
  const pr = event.kind === 'change' ? event.pullRequest : undefined;
  const client = inputs.githubToken ? createClient({ token: inputs.githubToken, baseUrl: context.apiUrl }) : undefined;
  const engineOptions = { ...engineOptionsFor(inputs, repoDir, env, (message) => core.warning(message)), signal };
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
  const secrets = secretsIn(env);
  // A fork PR gets no secrets: no provider key (the workflow token is still there).
  const hasProviderKey = PROVIDER_KEY_VARIABLES.some((name) => env[name]?.trim());
  if (pr?.fromFork && !hasProviderKey && inputs.responses !== 'replay') {
    core.notice('This pull request comes from a fork, which gets no secrets: tests with recorded responses run, the rest are reported as not run.');
  }

  const outcome = await runEngine(engineOptions);
  const { results } = outcome;

  core.info(redact(sanitizeForLog(renderConsole(results, { color: false })), secrets));
  const resultsFile = resultsPathFor(inputs, repoDir, env);
  await writeResultsFile(resultsFile, results, secrets);
  if (inputs.junitFile) await writeTextFile(resolve(repoDir, inputs.junitFile), redact(renderJUnit(results), secrets));

  const reportContext = {
    repositoryUrl: `${context.serverUrl}/${context.owner}/${context.repo}`,
    // Test links point at the commit that was run, so their line numbers are right.
    headSha: checkedOut ?? pr?.headSha ?? context.sha,
    ...(context.runUrl ? { runUrl: context.runUrl } : {}),
  };
  await core.summary.addRaw(redact(renderJobSummary(results, { ...reportContext, secrets }), secrets)).write();

  for (const annotation of buildAnnotations(results)) {
    core.error(annotation.message, { title: annotation.title, file: annotation.file, ...(annotation.startLine ? { startLine: annotation.startLine } : {}) });
  }

  const outputs = actionOutputs(results, resultsFile);
  // shard helper: a shard job never comments; the merge job does, once, for the whole run.
  if (inputs.shard) core.info(`Shard ${inputs.shard.index}/${inputs.shard.count}: no comment and no gate here; the merge job decides.`);
  else if (pr && inputs.comment && !client) core.warning('No github-token, so no pull request comment: the job summary has the full report.');
  if (pr && inputs.comment && client && !inputs.shard) {
    const marker = commentMarker(inputs.commentKey);
    const body = redact(renderComment(results, { ...reportContext, marker, secrets }), secrets);
    try {
      // Our own earlier comment is the one with the marker written by this token's identity:
      // github-actions[bot] for the workflow token (which may not read /user), else the
      // personal token's user, or what `comment-author` says (a GitHub App's bot login).
      const author = inputs.commentAuthor || (await getAuthenticatedLogin(client)) || DEFAULT_COMMENT_AUTHOR;
      const target = { owner: context.owner, repo: context.repo, issueNumber: pr.number, marker, body, author };
      const comment = await upsertStickyComment(client, target);
      outputs['comment-url'] = comment.url;
      core.info(`Comment ${comment.action}: ${comment.url}`);
    } catch (error) {
      core.warning(`${describeGitHubError(error, 'post the pull request comment')} The job summary has the full report.`);
    }
  }
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  if (signal.aborted) {
    // Cancelled: never a verdict on a partial run, whatever the figures say.
    const cancelled = results.suites.flatMap((suite) => suite.tests).filter((test) => test.errorKind === 'cancelled').length;
    core.setFailed(`promptgate was cancelled: ${cancelled} tests did not run (errors in results.json); the job summary, results.json and the recordings hold what finished.`);
    return;
  }
  // shard helper: a shard's share below the threshold is not a failed job (merge is the gate).
  if (inputs.shard) applyShardGate(results);
  else applyGate(results);
}

/** The gate is decided by decideGate (in the engine); the action only reports it. */
export function applyGate(results: ResultsFile): void {
  const failure = describeGateFailure(results.gate, results.diagnostics);
  if (failure) core.setFailed(failure);
}
