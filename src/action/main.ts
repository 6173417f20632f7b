import * as core from '@actions/core';
import { join, resolve } from 'node:path';
import { redact } from '../cli.js';
import { runEngine, secretsIn, type EngineOptions } from '../engine.js';
import { GitError } from '../git.js';
import { COMMENT_LIMIT, SUMMARY_LIMIT, commentMarker, renderReport } from '../report/comment.js';
import { renderConsoleReport } from '../report/console.js';
import { renderJUnit } from '../report/junit.js';
import { sanitizeForLog } from '../report/markdown.js';
import { writeResultsFile, writeTextFile, type ResultsFile } from '../report/results-file.js';
import { VERSION } from '../version.js';
import { buildAnnotations } from './annotations.js';
import { readActionContext, type ActionContext } from './context.js';
import { createClient, describeGitHubError, listPullRequestFiles, upsertStickyComment } from './github.js';
import { parseInputs, type ActionInputs } from './inputs.js';
import { actionOutputs } from './outputs.js';
import { runRelease } from './release.js';

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
    await runPullRequestGate(inputs, context, env);
  } catch (error) {
    // One clear sentence, never a stack trace: the log is read by people fixing their prompts.
    core.setFailed(redact(error instanceof Error ? error.message : String(error), secretsIn(env)));
  }
}

async function runPullRequestGate(inputs: ActionInputs, context: ActionContext, env: NodeJS.ProcessEnv): Promise<void> {
  const repoDir = resolve(context.workspace, inputs.workingDirectory);
  const pr = context.pullRequest;
  const client = inputs.githubToken ? createClient({ token: inputs.githubToken, baseUrl: context.apiUrl }) : undefined;
  const engineOptions: EngineOptions = {
    repoDir,
    roots: inputs.prompts,
    responses: inputs.responses,
    concurrency: inputs.concurrency,
    repeat: inputs.repeat,
    threshold: inputs.threshold,
    ...(inputs.maxCostIncrease !== undefined ? { maxCostIncreasePercent: inputs.maxCostIncrease } : {}),
    env,
    toolVersion: VERSION,
    onWarning: (message) => core.warning(message),
  };
  if (pr) {
    engineOptions.baseRef = pr.baseSha;
    engineOptions.headRef = pr.headSha;
    engineOptions.changedOnly = inputs.mode === 'pr';
  }
  if (pr?.fromFork && secretsIn(env).length === 0 && inputs.responses !== 'replay') {
    core.notice('This pull request comes from a fork, which gets no secrets: tests with recorded responses run, the rest are reported as not run.');
  }

  let outcome;
  try {
    outcome = await runEngine(engineOptions);
  } catch (error) {
    // Without the base commit (a shallow checkout) git cannot tell what changed; the pull
    // request files API can, so the changed folders still run, without a base comparison.
    if (!(error instanceof GitError) || !pr || !client) throw error;
    core.warning(`${error.message} Falling back to the pull request's file list; the base comparison is skipped.`);
    const changes = await listPullRequestFiles(client, { owner: context.owner, repo: context.repo, pullNumber: pr.number });
    const { baseRef: _baseRef, headRef: _headRef, ...withoutBase } = engineOptions;
    outcome = await runEngine({ ...withoutBase, changes, changedOnly: inputs.mode === 'pr' });
  }
  const { results } = outcome;
  const secrets = secretsIn(env);

  core.info(redact(sanitizeForLog(renderConsoleReport(results, results.gate, { color: false }, results.comparison)), secrets));
  const resultsFile = inputs.resultsFile
    ? resolve(repoDir, inputs.resultsFile)
    : join(env.RUNNER_TEMP ?? repoDir, 'promptgate', 'results.json');
  await writeResultsFile(resultsFile, results);
  if (inputs.junitFile) await writeTextFile(resolve(repoDir, inputs.junitFile), renderJUnit(results));

  const reportContext = {
    repositoryUrl: `${context.serverUrl}/${context.owner}/${context.repo}`,
    headSha: pr?.headSha ?? context.sha,
    ...(context.runUrl ? { runUrl: context.runUrl } : {}),
  };
  await core.summary.addRaw(redact(renderReport(results, { ...reportContext, maxLength: SUMMARY_LIMIT, maxTestsPerList: 200 }), secrets)).write();

  for (const annotation of buildAnnotations(results)) {
    core.error(annotation.message, { title: annotation.title, file: annotation.file, ...(annotation.startLine ? { startLine: annotation.startLine } : {}) });
  }

  const outputs = actionOutputs(results, resultsFile);
  if (pr && inputs.comment && client) {
    const marker = commentMarker(inputs.commentKey);
    const body = redact(renderReport(results, { ...reportContext, marker, maxLength: COMMENT_LIMIT }), secrets);
    try {
      const comment = await upsertStickyComment(client, { owner: context.owner, repo: context.repo, issueNumber: pr.number, marker, body });
      outputs['comment-url'] = comment.url;
      core.info(`Comment ${comment.action}: ${comment.url}`);
    } catch (error) {
      core.warning(`${describeGitHubError(error, 'post the pull request comment')} The job summary has the full report.`);
    }
  }
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  applyGate(results, outcome.exitCode);
}

export function applyGate(results: ResultsFile, exitCode: 0 | 1 | 2): void {
  if (exitCode === 2) {
    core.setFailed('Nothing could be judged: every prompt folder has input problems (see the annotations and the job summary).');
  } else if (!results.gate.passed) {
    core.setFailed(`promptgate blocked the merge:\n${results.gate.reasons.map((reason) => `- ${reason}`).join('\n')}`);
  }
}
