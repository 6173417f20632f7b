import * as core from '@actions/core';
import { keepAnswersAdvice, type KeptAnswers } from '../render/calls-text.js';
import { resolve } from 'node:path';
import { commentMarker } from '../render/comment.js';
import { describeGateFailure } from '../gate/decide.js';
import type { ResultsFile } from '../results/model.js';
import { buildAnnotations } from './annotations.js';
import type { ActionContext, PullRequestInfo } from './context.js';
import type { GitHubClient } from './github-client.js';
import { describeGitHubError } from './github-errors.js';
import { resultsPathFor, type ActionInputs } from './inputs.js';
import { actionOutputs } from './outputs.js';
import { DEFAULT_COMMENT_AUTHOR, getAuthenticatedLogin, upsertStickyComment } from './sticky-comment.js';
import { sinksFor } from '../publish/sinks.js';
import { gitTagStore } from '../release/git-tags.js';
import { listVersions } from '../release/versions.js';

export interface Publication {
  inputs: ActionInputs;
  context: ActionContext;
  env: NodeJS.ProcessEnv;
  repoDir: string;
  /** The commit that ran: test links point at it, so their line numbers are right. */
  headSha: string;
  /** The pull request to comment on; none for push, dispatch, merge queue and shard jobs. */
  commentOn: PullRequestInfo | undefined;
  client: GitHubClient | undefined;
  /** What the run did with the answers recordings.json lacked (none for a merge job). */
  kept?: KeptAnswers;
  /** Secrets beyond the environment's own, found by the run (EngineOutcome.secrets). */
  secrets?: string[] | undefined;
}

/**
 * Everything a finished run shows, the same for the pull request gate and the merge job: the
 * log, results.json and JUnit, the job summary, annotations, the one sticky comment, the
 * step's outputs. The gate (setFailed) stays with the caller, which knows what the run was.
 */
export async function publishResults(results: ResultsFile, publication: Publication): Promise<void> {
  const { inputs, context, env, repoDir, commentOn: pr, client } = publication;
  const sinks = sinksFor(env, publication.secrets);
  core.info(sinks.console(results, { color: false }));
  const advice = keepAnswersAdvice(results.calls, results.changedPrompts, publication.kept);
  if (advice) core.info(sinks.logLine(`note: ${advice}`));
  const resultsFile = resultsPathFor(inputs, repoDir, env);
  await sinks.writeResults(resultsFile, results);
  if (inputs.junitFile) await sinks.writeJUnit(resolve(repoDir, inputs.junitFile), results);
  if (inputs.htmlReport) {
    // The tags are there when the checkout fetched them (fetch-depth: 0); else the report plots no versions.
    const versions = listVersions(
      await gitTagStore(repoDir)
        .list()
        .catch(() => []),
    );
    await sinks.writeHtmlReport(resolve(repoDir, inputs.htmlReport), results, { versions });
  }

  const reportContext = {
    repositoryUrl: `${context.serverUrl}/${context.owner}/${context.repo}`,
    headSha: publication.headSha,
    ...(context.runUrl ? { runUrl: context.runUrl } : {}),
    ...(publication.kept ? { kept: publication.kept } : {}),
    // The workflow uploads the report as an artifact: the comment and the summary link to the run's artifacts.
    ...(context.runUrl && inputs.htmlReport ? { reportUrl: `${context.runUrl}#artifacts` } : {}),
  };
  await core.summary.addRaw(await sinks.jobSummary(results, reportContext)).write();
  for (const annotation of buildAnnotations(sinks.clean(results))) {
    core.error(annotation.message, {
      title: annotation.title,
      file: annotation.file,
      ...(annotation.startLine ? { startLine: annotation.startLine } : {}),
    });
  }

  const outputs = actionOutputs(results, resultsFile);
  outputs.recordings = JSON.stringify(publication.kept?.written ?? []);
  outputs['recordings-commit'] = publication.kept?.committed ?? '';
  if (pr && inputs.comment && !client) core.warning('No github-token, so no pull request comment: the job summary has the full report.');
  if (pr && inputs.comment && client) {
    const marker = commentMarker(inputs.commentKey);
    const body = await sinks.comment(results, { ...reportContext, marker });
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
}

/** The gate is decided by decideGate (in the engine); the action only reports it. */
export function applyGate(results: ResultsFile): void {
  const failure = describeGateFailure(results.gate, results.diagnostics);
  if (failure) core.setFailed(failure);
}
