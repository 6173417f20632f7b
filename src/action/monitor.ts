/**
 * `mode: monitor` (a schedule, or repository_dispatch): the production figures of the window in
 * the log and the job summary; a breached guard moves the alias through the GitHub API and
 * opens or updates the prompt's sticky issue with the evidence.
 */
import * as core from '@actions/core';
import { expandLogPaths } from '../monitor/log-paths.js';
import type { PromptPlan } from '../monitor/decide.js';
import { describeEvidence } from '../monitor/evidence.js';
import { renderIssueEvent, renderMonitorMarkdown, renderMonitorText } from '../monitor/report.js';
import { breachedOrFailed, runMonitor, type ActionResult, type MonitorOutcome } from '../monitor/run-monitor.js';
import { DEFAULT_SINCE, parseWindow } from '../monitor/window.js';
import { sinksFor, type Sinks } from '../publish/sinks.js';
import type { ActionContext } from './context.js';
import { createActionClient, type GitHubClient, type Repo } from './github-client.js';
import { describeGitHubError } from './github-errors.js';
import { repositoryDir, type ActionInputs } from './inputs.js';
import { upsertMonitorIssue } from './monitor-issue.js';
import { gitHubMonitorTagStore } from './monitor-tag-store.js';
import { getAuthenticatedLogin } from './sticky-comment.js';

export async function runMonitorMode(inputs: ActionInputs, context: ActionContext, env: NodeJS.ProcessEnv): Promise<void> {
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
    warn: (message) => core.warning(sinks.logLine(message)),
  });
  for (const line of renderMonitorText(outcome)) core.info(sinks.logLine(line));
  const issues = await keepIssues(client, repo, outcome, inputs, sinks);
  const issueLines = issues.lines.length > 0 ? `\n**Issues**\n\n${issues.lines.join('\n')}\n` : '';
  await core.summary.addRaw(sinks.text(`${renderMonitorMarkdown(outcome)}${issueLines}`)).write();
  core.setOutput(
    'monitor-actions',
    JSON.stringify(
      outcome.results.map((result) => ({
        prompt: promptOf(result),
        action: result.action.kind,
        outcome: result.outcome,
        message: result.message,
      })),
    ),
  );
  core.setOutput(
    'ready-to-promote',
    JSON.stringify(outcome.plans.filter((plan) => plan.ready).map((plan) => `${plan.id}@${plan.canary!.alias.version}`)),
  );
  if (issues.urls.length > 0) core.setOutput('issue-url', issues.urls[0]);
  const failures = [...outcome.results.filter((result) => result.outcome === 'failed').map((result) => result.message), ...issues.failures];
  if (failures.length > 0) core.setFailed(sinks.text(`promptgate monitor: ${failures.join('; ')}`));
  else if (breachedOrFailed(outcome)) {
    core.setFailed(
      sinks.text(
        `promptgate monitor: a guard was breached: ${outcome.results.map((result) => result.message).join('; ')} (the issue holds the evidence)`,
      ),
    );
  }
}

const promptOf = (result: ActionResult) => {
  const { action } = result;
  return action.kind === 'rollback' ? action.from.id : action.kind === 'hold' ? action.version.id : action.canary.id;
};

/** Opens or updates each prompt's issue for what monitor did (or would not do) about a breach. */
async function keepIssues(
  client: GitHubClient,
  repo: Repo,
  outcome: MonitorOutcome,
  inputs: ActionInputs,
  sinks: Sinks,
): Promise<{ urls: string[]; lines: string[]; failures: string[] }> {
  const urls: string[] = [];
  const lines: string[] = [];
  const failures: string[] = [];
  let author: string | undefined = inputs.commentAuthor || undefined;
  for (const plan of outcome.plans) {
    const results = outcome.results.filter(
      (result) => promptOf(result) === plan.id && result.action.kind !== 'promote' && result.outcome !== 'raced',
    );
    if (results.length === 0) continue;
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
      if (kept.action !== 'unchanged') lines.push(`- Issue ${kept.action}: ${kept.url}`);
      core.info(`The monitor issue of ${sinks.logLine(plan.id)} was ${kept.action}: ${kept.url}`);
    } catch (error) {
      failures.push(describeGitHubError(error, `keep the monitor issue of ${plan.id}`));
    }
  }
  return { urls, lines, failures };
}

/** The issue's title, the event's text, and a key that is the same for the same hold seen again. */
function incident(plan: PromptPlan, results: ActionResult[], outcome: MonitorOutcome): { title: string; event: string; key: string } {
  const first = results[0]!;
  const { action } = first;
  let title: string;
  let promoteAgain: string | undefined;
  let key: string;
  switch (action.kind) {
    case 'rollback':
      title = `promptgate monitor: ${plan.id} rolled back from ${action.from.version} to ${action.to.version} (${describeEvidence(action.evidence[0]!)})`;
      promoteAgain = `promptgate release --promote ${plan.id}@${action.from.version}`;
      key = `rollback ${action.from.object}`;
      break;
    case 'drop-canary':
      title = `promptgate monitor: ${plan.id} canary ${action.canary.version} dropped (${describeEvidence(action.evidence[0]!)})`;
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
