import * as core from '@actions/core';
import { glob } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { commentMarker, renderComment, renderJobSummary } from '../report/comment.js';
import { renderConsole } from '../report/console.js';
import { describeGateFailure } from '../report/gate.js';
import { renderJUnit } from '../report/junit.js';
import { sanitizeForLog } from '../report/log-text.js';
import { writeResultsFile, writeTextFile, type ResultsFile } from '../report/results-file.js';
import { redact, secretsIn } from '../secrets.js';
import { mergeShards, readShardFiles } from '../shard/merge.js';
import { shardExitCode } from '../shard/record-run.js';
import { buildAnnotations } from './annotations.js';
import type { ActionContext } from './context.js';
import { createClient } from './github-client.js';
import { describeGitHubError } from './github-errors.js';
import { DEFAULT_COMMENT_AUTHOR, getAuthenticatedLogin, upsertStickyComment } from './sticky-comment.js';
import { repositoryDir, resultsPathFor, type ActionInputs } from './inputs.js';
import { actionOutputs } from './outputs.js';

/**
 * `mode: merge`: the job after a matrix of shard jobs. It joins their results files (usually
 * downloaded artifacts) into the results of one unsharded run and then reports exactly as the
 * pull request gate does: job summary, annotations, outputs, the one comment, and the gate.
 * A set of files that is not one run (a shard missing, shards of different commits) fails the
 * job with every problem named, and nothing is commented.
 */
export async function runMerge(inputs: ActionInputs, context: ActionContext, env: NodeJS.ProcessEnv): Promise<void> {
  const repoDir = repositoryDir(inputs, context.workspace);
  const files = await expandResultsFiles(inputs.resultsFiles, repoDir);
  const results = mergeShards(await readShardFiles(files));
  const secrets = secretsIn(env);
  core.info(`Merged ${files.length} shard results: ${files.join(', ')}`);
  core.info(redact(sanitizeForLog(renderConsole(results, { color: false })), secrets));
  const resultsFile = resultsPathFor(inputs, repoDir, env);
  await writeResultsFile(resultsFile, results, secrets);
  if (inputs.junitFile) await writeTextFile(resolve(repoDir, inputs.junitFile), redact(renderJUnit(results), secrets));

  const pr = context.pullRequest;
  const reportContext = {
    repositoryUrl: `${context.serverUrl}/${context.owner}/${context.repo}`,
    // As the unsharded job: links point at the commit the shards ran.
    headSha: results.ref ?? pr?.headSha ?? context.sha,
    ...(context.runUrl ? { runUrl: context.runUrl } : {}),
  };
  await core.summary.addRaw(redact(renderJobSummary(results, { ...reportContext, secrets }), secrets)).write();
  for (const annotation of buildAnnotations(results)) {
    core.error(annotation.message, { title: annotation.title, file: annotation.file, ...(annotation.startLine ? { startLine: annotation.startLine } : {}) });
  }

  const outputs = actionOutputs(results, resultsFile);
  const client = inputs.githubToken ? createClient({ token: inputs.githubToken, baseUrl: context.apiUrl }) : undefined;
  if (pr && inputs.comment && !client) core.warning('No github-token, so no pull request comment: the job summary has the full report.');
  if (pr && inputs.comment && client) {
    const marker = commentMarker(inputs.commentKey);
    const body = redact(renderComment(results, { ...reportContext, marker, secrets }), secrets);
    try {
      const author = inputs.commentAuthor || (await getAuthenticatedLogin(client)) || DEFAULT_COMMENT_AUTHOR;
      const comment = await upsertStickyComment(client, { owner: context.owner, repo: context.repo, issueNumber: pr.number, marker, body, author });
      outputs['comment-url'] = comment.url;
      core.info(`Comment ${comment.action}: ${comment.url}`);
    } catch (error) {
      core.warning(`${describeGitHubError(error, 'post the pull request comment')} The job summary has the full report.`);
    }
  }
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  const failure = describeGateFailure(results.gate, results.diagnostics);
  if (failure) core.setFailed(failure);
}

/** `results-files` entries are paths or globs, relative to the repository directory. */
async function expandResultsFiles(entries: readonly string[], repoDir: string): Promise<string[]> {
  if (entries.length === 0) throw new Error('mode "merge" needs the input "results-files": the paths or globs of every shard\'s results.json');
  const found = new Set<string>();
  for (const entry of entries) {
    const before = found.size;
    for await (const path of glob(entry, { cwd: repoDir })) found.add(isAbsolute(path) ? path : resolve(repoDir, path));
    if (found.size === before) throw new Error(`results-files: "${entry}" matches no file (were the shard artifacts downloaded?)`);
  }
  return [...found].sort();
}

/**
 * A shard job's verdict: its share's pass rate never fails it (the merge job is the one gate),
 * only what makes the whole run unjudgeable, which every shard sees alike.
 */
export function applyShardGate(results: ResultsFile): void {
  if (shardExitCode(results) === 2) {
    const failure = describeGateFailure(results.gate, results.diagnostics);
    core.setFailed(failure ?? 'promptgate could not judge this change.');
  }
}
