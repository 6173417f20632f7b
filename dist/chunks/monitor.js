import { D as DEFAULT_COMMENT_AUTHOR, G as GitHubCallError, r as repositoryDir, b as createActionClient, i as info, e as summary, s as setOutput, h as setFailed, j as getAuthenticatedLogin, k as describeGitHubError, w as warning } from '../index.js';
import { expandLogPaths } from './log-paths.js';
import { c as describeEvidence } from './evidence.js';
import { renderMonitorText, renderMonitorMarkdown, renderIssueEvent } from './report.js';
import { runMonitor, breachedOrFailed } from './run-monitor.js';
import { parseWindow, DEFAULT_SINCE } from './window.js';
import { D as sinksFor } from './engine.js';
import { i as inlineCode } from './markdown.js';
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
globalThis.process.getBuiltinModule("node:path");
import './comment.js';
import './model-details.js';
import './run-release.js';
globalThis.process.getBuiltinModule("node:fs/promises");
import './merge.js';
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
import './versions.js';
import './git-source.js';
globalThis.process.getBuiltinModule("node:child_process");
import './tags.js';

/**
 * One sticky issue per prompt for monitor's incidents (a rollback, a dropped canary, a breach it
 * would not act on): found among the open issues by a hidden marker and by its author, as the
 * sticky comment is, and updated in place; the newest event first, earlier ones kept below.
 * A closed issue is a finished incident: the next one opens a new issue.
 */
/** GitHub's limit on an issue body. */
const BODY_LIMIT = 65_536;
const EVENT = '<!-- promptgate-monitor-event -->';
const KEPT_EVENTS = 10;
const issueMarker = (prompt) => `<!-- promptgate-monitor: ${prompt.replace(/-->/g, '')} -->`;
const eventMarker = (key) => `<!-- promptgate-monitor-event-key: ${key.replace(/-->/g, '')} -->`;
async function upsertMonitorIssue(client, repo, issue) {
    const marker = issueMarker(issue.prompt);
    const author = (issue.author ?? DEFAULT_COMMENT_AUTHOR).toLowerCase();
    let existing;
    try {
        const pages = client.paginate.iterator(client.rest.issues.listForRepo, { ...repo, state: 'open', per_page: 100 });
        search: for await (const page of pages) {
            for (const found of page.data) {
                if (found.pull_request || !found.body?.includes(marker) || found.user?.login.toLowerCase() !== author)
                    continue;
                existing = { number: found.number, body: found.body, url: found.html_url };
                break search;
            }
        }
    }
    catch (error) {
        throw new GitHubCallError(error, 'list the open issues to find the monitor issue');
    }
    const key = eventMarker(issue.eventKey);
    if (existing?.body.includes(key))
        return { action: 'unchanged', url: existing.url, number: existing.number };
    const earlier = existing ? existing.body.split(EVENT).slice(1) : [];
    const body = compose(marker, issue, `${key}\n${issue.event}\n`, earlier);
    try {
        if (existing) {
            const { data } = await client.rest.issues.update({ ...repo, issue_number: existing.number, title: issue.title, body });
            return { action: 'updated', url: data.html_url, number: data.number };
        }
        const { data } = await client.rest.issues.create({ ...repo, title: issue.title, body });
        return { action: 'created', url: data.html_url, number: data.number };
    }
    catch (error) {
        throw new GitHubCallError(error, existing ? `update the monitor issue #${existing.number}` : 'open the monitor issue');
    }
}
/** The header, the new event and as many earlier ones as fit (at most KEPT_EVENTS in all). */
function compose(marker, issue, event, earlier) {
    const head = `${marker}\n### promptgate monitor: ${inlineCode(issue.prompt)}\n\nWhat monitor saw and did, newest first. Each event holds the figures, the window, the versions and commits, and how to undo it.\n`;
    const events = [event, ...earlier.map((text) => text.replace(/^\n+/, '').replace(/\n*$/, '\n'))].slice(0, KEPT_EVENTS);
    while (events.length > 1 && head.length + events.join('').length + EVENT.length * events.length > BODY_LIMIT)
        events.pop();
    const body = `${head}${events.map((text) => `\n${EVENT}\n${text}`).join('')}`;
    return body.length > BODY_LIMIT ? `${body.slice(0, BODY_LIMIT - 40)}\n\n(cut to GitHub's limit)\n` : body;
}

/**
 * `mode: monitor` (a schedule, or repository_dispatch): the production figures of the window in
 * the log and the job summary; a breached guard moves the alias through the GitHub API and
 * opens or updates the prompt's sticky issue with the evidence.
 */
async function runMonitorMode(inputs, context, env) {
    const sinks = sinksFor(env);
    if (!inputs.githubToken) {
        throw new Error('monitor mode needs the github-token input (permissions: contents: write for the tags, issues: write for the issue)');
    }
    const repoDir = repositoryDir(inputs, context.workspace);
    const { production } = inputs;
    const logs = await expandLogPaths(production.logs, repoDir, 'logs');
    const window = parseWindow(production.since || DEFAULT_SINCE, Date.now(), 'since');
    const client = createActionClient(inputs.githubToken, context.apiUrl, env);
    const repo = { owner: context.owner, repo: context.repo };
    const outcome = await runMonitor({
        repoDir,
        logs,
        window,
        store: gitHubMonitorTagStore(client, repo),
        promote: production.promoteReady,
        warn: (message) => warning(sinks.logLine(message)),
    });
    for (const line of renderMonitorText(outcome))
        info(sinks.logLine(line));
    const issues = await keepIssues(client, repo, outcome, inputs, sinks);
    const issueLines = issues.lines.length > 0 ? `\n**Issues**\n\n${issues.lines.join('\n')}\n` : '';
    await summary.addRaw(sinks.text(`${renderMonitorMarkdown(outcome)}${issueLines}`)).write();
    setOutput('monitor-actions', JSON.stringify(outcome.results.map((result) => ({
        prompt: promptOf(result),
        action: result.action.kind,
        outcome: result.outcome,
        message: result.message,
    }))));
    setOutput('ready-to-promote', JSON.stringify(outcome.plans.filter((plan) => plan.ready).map((plan) => `${plan.id}@${plan.canary.alias.version}`)));
    if (issues.urls.length > 0)
        setOutput('issue-url', issues.urls[0]);
    const failures = [...outcome.results.filter((result) => result.outcome === 'failed').map((result) => result.message), ...issues.failures];
    if (failures.length > 0)
        setFailed(sinks.text(`promptgate monitor: ${failures.join('; ')}`));
    else if (breachedOrFailed(outcome)) {
        setFailed(sinks.text(`promptgate monitor: a guard was breached: ${outcome.results.map((result) => result.message).join('; ')} (the issue holds the evidence)`));
    }
}
const promptOf = (result) => {
    const { action } = result;
    return action.kind === 'rollback' ? action.from.id : action.kind === 'hold' ? action.version.id : action.canary.id;
};
/** Opens or updates each prompt's issue for what monitor did (or would not do) about a breach. */
async function keepIssues(client, repo, outcome, inputs, sinks) {
    const urls = [];
    const lines = [];
    const failures = [];
    let author = inputs.commentAuthor || undefined;
    for (const plan of outcome.plans) {
        const results = outcome.results.filter((result) => promptOf(result) === plan.id && result.action.kind !== 'promote' && result.outcome !== 'raced');
        if (results.length === 0)
            continue;
        try {
            author ??= await getAuthenticatedLogin(client);
            const issue = incident(plan, results, outcome);
            const kept = await upsertMonitorIssue(client, repo, {
                prompt: plan.id,
                title: sinks.text(issue.title),
                event: sinks.text(issue.event),
                eventKey: issue.key,
                ...(author ? { author } : {}),
            });
            urls.push(kept.url);
            if (kept.action !== 'unchanged')
                lines.push(`- Issue ${kept.action}: ${kept.url}`);
            info(`The monitor issue of ${sinks.logLine(plan.id)} was ${kept.action}: ${kept.url}`);
        }
        catch (error) {
            failures.push(describeGitHubError(error, `keep the monitor issue of ${plan.id}`));
        }
    }
    return { urls, lines, failures };
}
/** The issue's title, the event's text, and a key that is the same for the same hold seen again. */
function incident(plan, results, outcome) {
    const first = results[0];
    const { action } = first;
    let title;
    let promoteAgain;
    let key;
    switch (action.kind) {
        case 'rollback':
            title = `promptgate monitor: ${plan.id} rolled back from ${action.from.version} to ${action.to.version} (${describeEvidence(action.evidence[0])})`;
            promoteAgain = `promptgate release --promote ${plan.id}@${action.from.version}`;
            key = `rollback ${action.from.object}`;
            break;
        case 'drop-canary':
            title = `promptgate monitor: ${plan.id} canary ${action.canary.version} dropped (${describeEvidence(action.evidence[0])})`;
            promoteAgain = `promptgate release --canary ${plan.id}@${action.canary.version}`;
            key = `drop ${action.canary.object}`;
            break;
        default: {
            const version = action.kind === 'hold' ? action.version : undefined;
            title = `promptgate monitor: ${plan.id} ${version?.version ?? ''} breaches its guards`;
            key = `hold ${version?.object ?? ''}`;
        }
    }
    const message = results.map((result) => `${result.message}.`).join(' ');
    return { title, event: renderIssueEvent(plan, outcome, message, promoteAgain), key };
}

export { runMonitorMode };
