const { readFile } = globalThis.process.getBuiltinModule("node:fs/promises");
const { join } = globalThis.process.getBuiltinModule("node:path");
import { r as repositoryDir, b as createActionClient, i as info, s as setOutput, e as summary, w as warning, f as statusOf, G as GitHubCallError } from '../index.js';
import { DEFAULT_HARVEST_SINCE, runHarvest, DEFAULT_MAX_CASES } from './run-harvest.js';
import { renderHarvestText, renderHarvestBody } from './report2.js';
import { expandLogPaths } from './log-paths.js';
import { parseWindow } from './window.js';
import { D as sinksFor } from './engine.js';
import { g as gitHubMonitorTagStore } from './monitor-tag-store.js';
globalThis.process.getBuiltinModule("os");
globalThis.process.getBuiltinModule("crypto");
globalThis.process.getBuiltinModule("fs");
globalThis.process.getBuiltinModule("path");
globalThis.process.getBuiltinModule("http");
globalThis.process.getBuiltinModule("https");
globalThis.process.getBuiltinModule("net");
globalThis.process.getBuiltinModule("tls");
globalThis.process.getBuiltinModule("events");
globalThis.process.getBuiltinModule("assert");
globalThis.process.getBuiltinModule("util");
globalThis.process.getBuiltinModule("node:assert");
globalThis.process.getBuiltinModule("node:net");
globalThis.process.getBuiltinModule("node:http");
globalThis.process.getBuiltinModule("node:stream");
globalThis.process.getBuiltinModule("node:buffer");
globalThis.process.getBuiltinModule("node:util");
globalThis.process.getBuiltinModule("node:querystring");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:diagnostics_channel");
import './_commonjsHelpers.js';
globalThis.process.getBuiltinModule("node:tls");
globalThis.process.getBuiltinModule("node:zlib");
globalThis.process.getBuiltinModule("node:perf_hooks");
globalThis.process.getBuiltinModule("node:util/types");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:url");
globalThis.process.getBuiltinModule("node:async_hooks");
globalThis.process.getBuiltinModule("node:console");
globalThis.process.getBuiltinModule("node:dns");
globalThis.process.getBuiltinModule("string_decoder");
globalThis.process.getBuiltinModule("child_process");
globalThis.process.getBuiltinModule("timers");
import './markdown.js';
import './comment.js';
import './model-details.js';
import './run-release.js';
import './merge.js';
import './tags.js';
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
import './versions.js';
import './git-source.js';
globalThis.process.getBuiltinModule("node:child_process");
import './index.js';
globalThis.process.getBuiltinModule("process");
globalThis.process.getBuiltinModule("buffer");

/**
 * `mode: harvest` (a weekly schedule): production cases become tests in the workspace, then one
 * commit through the Git Data API on the branch `promptgate/harvest/<id>`, and one draft pull
 * request with the cases in a table, updated in place on the next run. The runner's checkout
 * has no credentials to push with, hence the API; needs `contents: write` and
 * `pull-requests: write`.
 */
/** Commits on the harvest branch start with this: a branch whose head does not is a person's. */
const COMMIT_PREFIX = 'promptgate harvest:';
const MARKER = '<!-- promptgate-harvest -->';
async function runHarvestMode(inputs, context, env) {
    const sinks = sinksFor(env);
    const { production } = inputs;
    if (!production.promptId)
        throw new Error('harvest mode needs the input prompt-id (the prompt whose production cases become tests)');
    if (!production.where)
        throw new Error('harvest mode needs the input where, e.g. `confidence < 0.6` (docs/monitor.md)');
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
        warn: (message) => warning(sinks.logLine(message)),
    });
    for (const line of renderHarvestText(production.promptId, production.where, outcome))
        info(sinks.logLine(line));
    setOutput('harvested', String(outcome.cases.length));
    if (outcome.cases.length === 0) {
        await summary
            .addRaw(sinks.text(`### promptgate harvest\n\nNo new production case of ${production.promptId} matched: no pull request.\n`))
            .write();
        return;
    }
    const base = context.branch;
    if (!base)
        throw new Error('harvest mode opens a pull request against the branch the workflow runs on: run it on a branch (schedule, workflow_dispatch, push)');
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
        warning(pushed.leftAlone);
        await summary.addRaw(sinks.text(`### promptgate harvest\n\n${pushed.leftAlone}\n`)).write();
        return;
    }
    const pull = await upsertDraft(client, repo, { branch, base, title, body });
    setOutput('pull-request-url', pull.url);
    info(`Draft pull request ${pull.action}: ${pull.url}`);
    await summary.addRaw(`${body}\n\nDraft pull request ${pull.action}: ${pull.url}\n`).write();
}
/**
 * The branch, rebuilt on the commit the workflow runs on with this run's files: a previous
 * draft's cases that are still in the logs window come back, deduplicated. A branch whose head
 * a person committed to is left alone (their edits to the cases are not overwritten).
 */
async function pushBranch(client, repo, change) {
    const refName = `heads/${change.branch}`;
    let existing;
    try {
        existing = (await client.rest.git.getRef({ ...repo, ref: refName })).data.object.sha;
    }
    catch (error) {
        if (statusOf(error) !== 404)
            throw new GitHubCallError(error, `read the branch ${change.branch}`);
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
            tree.push({ path, mode: '100644', type: 'blob', sha: blob.data.sha });
        }
        const newTree = await client.rest.git.createTree({ ...repo, base_tree: parent.data.tree.sha, tree });
        const commit = await client.rest.git.createCommit({ ...repo, message: change.message, tree: newTree.data.sha, parents: [change.base] });
        if (existing)
            await client.rest.git.updateRef({ ...repo, ref: refName, sha: commit.data.sha, force: true });
        else
            await client.rest.git.createRef({ ...repo, ref: `refs/${refName}`, sha: commit.data.sha });
        return { commit: commit.data.sha };
    }
    catch (error) {
        throw new GitHubCallError(error, `commit the harvested cases to ${change.branch}`);
    }
}
/** The one open draft pull request of the branch, updated; or a new one. */
async function upsertDraft(client, repo, pull) {
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
    }
    catch (error) {
        throw new GitHubCallError(error, `open the draft pull request for ${pull.branch}`);
    }
}

export { runHarvestMode };
