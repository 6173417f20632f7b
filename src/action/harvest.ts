/**
 * `mode: harvest` (a weekly schedule): production cases become tests in the workspace, then one
 * commit through the Git Data API on the branch `promptgate/harvest/<id>`, and one draft pull
 * request with the cases in a table, updated in place on the next run. The runner's checkout
 * has no credentials to push with, hence the API; needs `contents: write` and
 * `pull-requests: write`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as core from '@actions/core';
import { DEFAULT_HARVEST_SINCE, DEFAULT_MAX_CASES, runHarvest, type HarvestOutcome } from '../harvest/run-harvest.js';
import { renderHarvestBody, renderHarvestText } from '../harvest/report.js';
import { expandLogPaths } from '../monitor/log-paths.js';
import { parseWindow } from '../monitor/window.js';
import { sinksFor } from '../publish/sinks.js';
import type { ActionContext } from './context.js';
import { createActionClient, type GitHubClient, type Repo } from './github-client.js';
import { GitHubCallError, statusOf } from './github-errors.js';
import { repositoryDir, type ActionInputs } from './inputs.js';
import { gitHubMonitorTagStore } from './monitor-tag-store.js';

/** Commits on the harvest branch start with this: a branch whose head does not is a person's. */
const COMMIT_PREFIX = 'promptgate harvest:';
const MARKER = '<!-- promptgate-harvest -->';

export async function runHarvestMode(inputs: ActionInputs, context: ActionContext, env: NodeJS.ProcessEnv): Promise<void> {
  const sinks = sinksFor(env);
  const { production } = inputs;
  if (!production.promptId) throw new Error('harvest mode needs the input prompt-id (the prompt whose production cases become tests)');
  if (!production.where) throw new Error('harvest mode needs the input where, e.g. `confidence < 0.6` (docs/monitor.md)');
  if (!inputs.githubToken)
    throw new Error('harvest mode needs the github-token input (permissions: contents: write, pull-requests: write)');
  const repoDir = repositoryDir(inputs, context.workspace);
  const client = createActionClient(inputs.githubToken, context.apiUrl, env);
  const repo = { owner: context.owner, repo: context.repo };
  const since = production.since || DEFAULT_HARVEST_SINCE;
  const outcome = await runHarvest({
    repoDir,
    promptId: production.promptId,
    logs: await expandLogPaths(production.logs, repoDir, 'logs'),
    window: parseWindow(since, Date.now(), 'since'),
    where: production.where,
    max: production.maxCases ?? DEFAULT_MAX_CASES,
    ...(production.harvestInto ? { into: production.harvestInto } : {}),
    store: gitHubMonitorTagStore(client, repo),
    env,
    warn: (message) => core.warning(sinks.logLine(message)),
  });
  for (const line of renderHarvestText(production.promptId, production.where, outcome)) core.info(sinks.logLine(line));
  core.setOutput('harvested', String(outcome.cases.length));
  if (outcome.cases.length === 0) {
    await core.summary
      .addRaw(sinks.text(`### promptgate harvest\n\nNo new production case of ${production.promptId} matched: no pull request.\n`))
      .write();
    return;
  }
  const base = context.branch;
  if (!base)
    throw new Error(
      'harvest mode opens a pull request against the branch the workflow runs on: run it on a branch (schedule, workflow_dispatch, push)',
    );
  const branch = `promptgate/harvest/${production.promptId.replace(/[^A-Za-z0-9._/-]/g, '-')}`;
  const body = `${sinks.text(renderHarvestBody(production.promptId, production.where, since, outcome))}\n\n${MARKER}`;
  const title = sinks.text(`promptgate harvest: ${outcome.cases.length} production cases of ${production.promptId}`);
  const pushed = await pushBranch(client, repo, {
    branch,
    base: context.sha,
    repoDir,
    outcome,
    message: `${COMMIT_PREFIX} ${title.slice(COMMIT_PREFIX.length).trim()}`,
  });
  if ('leftAlone' in pushed) {
    core.warning(pushed.leftAlone);
    await core.summary.addRaw(sinks.text(`### promptgate harvest\n\n${pushed.leftAlone}\n`)).write();
    return;
  }
  const pull = await upsertDraft(client, repo, { branch, base, title, body });
  core.setOutput('pull-request-url', pull.url);
  core.info(`Draft pull request ${pull.action}: ${pull.url}`);
  await core.summary.addRaw(`${body}\n\nDraft pull request ${pull.action}: ${pull.url}\n`).write();
}

/**
 * The branch, rebuilt on the commit the workflow runs on with this run's files: a previous
 * draft's cases that are still in the logs window come back, deduplicated. A branch whose head
 * a person committed to is left alone (their edits to the cases are not overwritten).
 */
async function pushBranch(
  client: GitHubClient,
  repo: Repo,
  change: { branch: string; base: string; repoDir: string; outcome: HarvestOutcome; message: string },
): Promise<{ commit: string } | { leftAlone: string }> {
  const refName = `heads/${change.branch}`;
  let existing: string | undefined;
  try {
    existing = (await client.rest.git.getRef({ ...repo, ref: refName })).data.object.sha;
  } catch (error) {
    if (statusOf(error) !== 404) throw new GitHubCallError(error, `read the branch ${change.branch}`);
  }
  try {
    if (existing) {
      const head = await client.rest.git.getCommit({ ...repo, commit_sha: existing });
      if (!head.data.message.startsWith(COMMIT_PREFIX)) {
        return {
          leftAlone: `${change.branch} has commits that are not promptgate's (someone is filling in the cases): left as it is; merge or close its pull request, and the next run opens a new one`,
        };
      }
    }
    const parent = await client.rest.git.getCommit({ ...repo, commit_sha: change.base });
    const tree = [];
    for (const path of change.outcome.written) {
      const content = await readFile(join(change.repoDir, path));
      const blob = await client.rest.git.createBlob({ ...repo, content: content.toString('base64'), encoding: 'base64' });
      tree.push({ path, mode: '100644' as const, type: 'blob' as const, sha: blob.data.sha });
    }
    const newTree = await client.rest.git.createTree({ ...repo, base_tree: parent.data.tree.sha, tree });
    const commit = await client.rest.git.createCommit({ ...repo, message: change.message, tree: newTree.data.sha, parents: [change.base] });
    if (existing) await client.rest.git.updateRef({ ...repo, ref: refName, sha: commit.data.sha, force: true });
    else await client.rest.git.createRef({ ...repo, ref: `refs/${refName}`, sha: commit.data.sha });
    return { commit: commit.data.sha };
  } catch (error) {
    throw new GitHubCallError(error, `commit the harvested cases to ${change.branch}`);
  }
}

/** The one open draft pull request of the branch, updated; or a new one. */
async function upsertDraft(
  client: GitHubClient,
  repo: Repo,
  pull: { branch: string; base: string; title: string; body: string },
): Promise<{ action: 'opened' | 'updated'; url: string }> {
  try {
    const { data: open } = await client.rest.pulls.list({ ...repo, state: 'open', head: `${repo.owner}:${pull.branch}`, per_page: 10 });
    const existing = open.find((candidate) => candidate.body?.includes(MARKER));
    if (existing) {
      const { data } = await client.rest.pulls.update({ ...repo, pull_number: existing.number, title: pull.title, body: pull.body });
      return { action: 'updated', url: data.html_url };
    }
    const { data } = await client.rest.pulls.create({
      ...repo,
      title: pull.title,
      head: pull.branch,
      base: pull.base,
      body: pull.body,
      draft: true,
    });
    return { action: 'opened', url: data.html_url };
  } catch (error) {
    throw new GitHubCallError(error, `open the draft pull request for ${pull.branch}`);
  }
}
