import * as core from '@actions/core';
import { resolve } from 'node:path';
import { runEngine } from '../engine.js';
import { redact, secretsIn } from '../secrets.js';
import { GitError, headCommit, mergeBase } from '../git.js';
import { COMMENT_LIMIT, SUMMARY_LIMIT, commentMarker, renderReport } from '../report/comment.js';
import { renderConsoleReport } from '../report/console.js';
import { describeGateFailure } from '../report/gate.js';
import { renderJUnit } from '../report/junit.js';
import { sanitizeForLog } from '../report/markdown.js';
import { writeResultsFile, writeTextFile, type ResultsFile } from '../report/results-file.js';
import { buildAnnotations } from './annotations.js';
import { readActionContext, type ActionContext } from './context.js';
import {
  createClient,
  DEFAULT_COMMENT_AUTHOR,
  describeGitHubError,
  getAuthenticatedLogin,
  listPullRequestFiles,
  upsertStickyComment,
} from './github.js';
import { engineOptionsFor, parseInputs, repositoryDir, resultsPathFor, type ActionInputs } from './inputs.js';
import { actionOutputs } from './outputs.js';
import { runRelease } from './release.js';
import { applyShardGate, runMerge } from './merge.js';

/** The action's whole life: inputs → engine → report, comment, annotations, outputs → gate. */
export async function run(): Promise<void> {
  const env = process.env;
  for (const secret of secretsIn(env)) core.setSecret(secret);
  try {
    const inputs = parseInputs((name) => core.getInput(name));
    if (inputs.githubToken) core.setSecret(inputs.githubToken);
    const context = readActionContext(env);
    if (inputs.mode === 'release') {
      await runRelease(inputs, context, env);
      return;
    }
    // shard helper: merge mode joins the shard jobs' results (src/action/merge.ts).
    if (inputs.mode === 'merge') {
      await runMerge(inputs, context, env);
      return;
    }
    await runPullRequestGate(inputs, context, env);
  } catch (error) {
    // One clear sentence, never a stack trace: the log is read by people fixing their prompts.
    core.setFailed(redact(error instanceof Error ? error.message : String(error), secretsIn(env)));
  }
}

async function runPullRequestGate(inputs: ActionInputs, context: ActionContext, env: NodeJS.ProcessEnv): Promise<void> {
  const repoDir = repositoryDir(inputs, context.workspace);
  const pr = context.pullRequest;
  const client = inputs.githubToken ? createClient({ token: inputs.githubToken, baseUrl: context.apiUrl }) : undefined;
  const engineOptions = engineOptionsFor(inputs, repoDir, env, (message) => core.warning(message));
  let checkedOut: string | undefined;
  if (pr) {
    engineOptions.changedOnly = inputs.mode === 'pr';
    try {
      // actions/checkout checks out the merge commit of a pull request by default (or its head,
      // when asked): compare what is checked out with the base it was built on, so changes
      // that landed on the base branch meanwhile are not counted as this pull request's.
      checkedOut = await headCommit(repoDir);
      await mergeBase(repoDir, pr.baseSha, checkedOut);
      engineOptions.baseRef = pr.baseSha;
      engineOptions.headRef = checkedOut;
    } catch (error) {
      // Without the base commit (a shallow checkout) git cannot tell what changed; the pull
      // request files API can, so the changed folders still run, without a base comparison.
      if (!(error instanceof GitError) || !client) throw error;
      core.warning(`${error.message} Falling back to the pull request's file list; the base comparison is skipped.`);
      engineOptions.changes = await listPullRequestFiles(client, { owner: context.owner, repo: context.repo, pullNumber: pr.number });
    }
  }
  const secrets = secretsIn(env);
  if (pr?.fromFork && secrets.length === 0 && inputs.responses !== 'replay') {
    core.notice('This pull request comes from a fork, which gets no secrets: tests with recorded responses run, the rest are reported as not run.');
  }

  const outcome = await runEngine(engineOptions);
  const { results } = outcome;

  core.info(redact(sanitizeForLog(renderConsoleReport(results, results.gate, { color: false }, results.comparison)), secrets));
  const resultsFile = resultsPathFor(inputs, repoDir, env);
  await writeResultsFile(resultsFile, results, secrets);
  if (inputs.junitFile) await writeTextFile(resolve(repoDir, inputs.junitFile), redact(renderJUnit(results), secrets));

  const reportContext = {
    repositoryUrl: `${context.serverUrl}/${context.owner}/${context.repo}`,
    // Test links point at the commit that was run, so their line numbers are right.
    headSha: checkedOut ?? pr?.headSha ?? context.sha,
    ...(context.runUrl ? { runUrl: context.runUrl } : {}),
  };
  await core.summary.addRaw(redact(renderReport(results, { ...reportContext, maxLength: SUMMARY_LIMIT, maxTestsPerList: 200 }), secrets)).write();

  for (const annotation of buildAnnotations(results)) {
    core.error(annotation.message, { title: annotation.title, file: annotation.file, ...(annotation.startLine ? { startLine: annotation.startLine } : {}) });
  }

  const outputs = actionOutputs(results, resultsFile);
  // shard helper: a shard job never comments; the merge job does, once, for the whole run.
  if (inputs.shard) core.info(`Shard ${inputs.shard.index}/${inputs.shard.count}: no comment and no gate here; the merge job decides.`);
  else if (pr && inputs.comment && !client) core.warning('No github-token, so no pull request comment: the job summary has the full report.');
  if (pr && inputs.comment && client && !inputs.shard) {
    const marker = commentMarker(inputs.commentKey);
    const body = redact(renderReport(results, { ...reportContext, marker, maxLength: COMMENT_LIMIT }), secrets);
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
  // shard helper: a shard's share below the threshold is not a failed job (merge is the gate).
  if (inputs.shard) applyShardGate(results);
  else applyGate(results);
}

/** The gate is decided by decideGate (in the engine); the action only reports it. */
export function applyGate(results: ResultsFile): void {
  const failure = describeGateFailure(results.gate, results.diagnostics);
  if (failure) core.setFailed(failure);
}
