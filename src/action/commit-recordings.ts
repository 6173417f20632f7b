import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as core from '@actions/core';
import type { KeptAnswers } from '../render/calls-text.js';
import type { ActionContext } from './context.js';
import type { GitHubClient, Repo } from './github-client.js';
import { describeGitHubError } from './github-errors.js';
import type { ActionInputs } from './inputs.js';

/**
 * `commit-recordings: true`: the recordings.json files a run wrote, committed to the pull
 * request's branch through the Git Data API, as one commit on top of the commit that ran. Never
 * for a fork (its token cannot write, and its branch is not ours to write to), and only when the
 * branch still points at the commit that ran: a push meanwhile wins, and its own run records.
 * Needs `permissions: contents: write`. A push made with the workflow's GITHUB_TOKEN starts no
 * new workflow run, so a required check would wait on the new commit: give a GitHub App's or a
 * personal token (input github-token) when the check is required (README, "Pay once").
 */

export interface RecordingsCommit {
  /** Repository-relative paths of the recordings files the run wrote. */
  files: readonly string[];
  repoDir: string;
  /** The pull request's branch, and the commit the run tested (the branch must still point there). */
  branch: string;
  headSha: string;
  message: string;
}

export type CommitOutcome = { committed: string } | { skipped: string };

export async function commitRecordings(client: GitHubClient, repo: Repo, commit: RecordingsCommit): Promise<CommitOutcome> {
  const ref = await client.rest.git.getRef({ ...repo, ref: `heads/${commit.branch}` });
  if (ref.data.object.sha !== commit.headSha) {
    return {
      skipped: `${commit.branch} moved on to ${ref.data.object.sha.slice(0, 12)} since ${commit.headSha.slice(0, 12)} ran; its own run records`,
    };
  }
  const parent = await client.rest.git.getCommit({ ...repo, commit_sha: commit.headSha });
  const tree = [];
  for (const path of commit.files) {
    const content = await readFile(join(commit.repoDir, path));
    const blob = await client.rest.git.createBlob({ ...repo, content: content.toString('base64'), encoding: 'base64' });
    tree.push({ path, mode: '100644' as const, type: 'blob' as const, sha: blob.data.sha });
  }
  const newTree = await client.rest.git.createTree({ ...repo, base_tree: parent.data.tree.sha, tree });
  const created = await client.rest.git.createCommit({
    ...repo,
    message: commit.message,
    tree: newTree.data.sha,
    parents: [commit.headSha],
  });
  // Not forced: a push that landed between the check above and now is never overwritten.
  await client.rest.git.updateRef({ ...repo, ref: `heads/${commit.branch}`, sha: created.data.sha, force: false });
  return { committed: created.data.sha };
}

/** What the job did with the recordings it wrote, for the report and the step's outputs. */
export async function keepRecordings(
  written: readonly string[],
  job: { inputs: ActionInputs; context: ActionContext; repoDir: string; client: GitHubClient | undefined },
): Promise<KeptAnswers> {
  const kept: KeptAnswers = { surface: 'action', written };
  if (!job.inputs.commitRecordings || written.length === 0) return kept;
  const pr = job.context.pullRequest;
  if (!pr) return { ...kept, notCommitted: 'commit-recordings commits to a pull request branch, and this run is not one' };
  if (pr.fromFork) return { ...kept, notCommitted: 'a pull request from a fork is never written to' };
  if (!job.client) return { ...kept, notCommitted: 'there is no github-token to commit with' };
  const repo = { owner: job.context.owner, repo: job.context.repo };
  try {
    const outcome = await commitRecordings(job.client, repo, {
      files: written,
      repoDir: job.repoDir,
      branch: pr.headRef,
      headSha: pr.headSha,
      message: `promptgate: record the answers of ${written.length === 1 ? written[0] : `${written.length} prompt folders`}\n\nRecorded by promptgate in ${job.context.runUrl ?? 'a workflow run'}.`,
    });
    if ('skipped' in outcome) return { ...kept, notCommitted: outcome.skipped };
    core.info(`Committed ${written.join(', ')} to ${pr.headRef} as ${outcome.committed}.`);
    return { ...kept, committed: outcome.committed };
  } catch (error) {
    core.warning(describeGitHubError(error, 'commit the recordings to the pull request branch'));
    return { ...kept, notCommitted: 'the commit failed (the log says why)' };
  }
}
