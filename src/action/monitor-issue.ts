/**
 * One sticky issue per prompt for monitor's incidents (a rollback, a dropped canary, a breach it
 * would not act on): found among the open issues by a hidden marker and by its author, as the
 * sticky comment is, and updated in place; the newest event first, earlier ones kept below.
 * A closed issue is a finished incident: the next one opens a new issue.
 */
import { inlineCode } from '../render/markdown.js';
import { DEFAULT_COMMENT_AUTHOR } from './sticky-comment.js';
import type { GitHubClient, Repo } from './github-client.js';
import { GitHubCallError } from './github-errors.js';

/** GitHub's limit on an issue body. */
const BODY_LIMIT = 65_536;
const EVENT = '<!-- promptgate-monitor-event -->';
const KEPT_EVENTS = 10;

export interface MonitorIssue {
  /** The prompt id: one issue per prompt. */
  prompt: string;
  title: string;
  /** The event's Markdown (already escaped by the renderer). */
  event: string;
  /** Identifies the event: an issue that already holds it is left alone (a hold seen again). */
  eventKey: string;
  /** The login the token writes as. */
  author?: string;
}

export const issueMarker = (prompt: string) => `<!-- promptgate-monitor: ${prompt.replace(/-->/g, '')} -->`;
const eventMarker = (key: string) => `<!-- promptgate-monitor-event-key: ${key.replace(/-->/g, '')} -->`;

export async function upsertMonitorIssue(
  client: GitHubClient,
  repo: Repo,
  issue: MonitorIssue,
): Promise<{ action: 'created' | 'updated' | 'unchanged'; url: string; number: number }> {
  const marker = issueMarker(issue.prompt);
  const author = (issue.author ?? DEFAULT_COMMENT_AUTHOR).toLowerCase();
  let existing: { number: number; body: string; url: string } | undefined;
  try {
    const pages = client.paginate.iterator(client.rest.issues.listForRepo, { ...repo, state: 'open', per_page: 100 });
    search: for await (const page of pages) {
      for (const found of page.data) {
        if (found.pull_request || !found.body?.includes(marker) || found.user?.login.toLowerCase() !== author) continue;
        existing = { number: found.number, body: found.body, url: found.html_url };
        break search;
      }
    }
  } catch (error) {
    throw new GitHubCallError(error, 'list the open issues to find the monitor issue');
  }
  const key = eventMarker(issue.eventKey);
  if (existing?.body.includes(key)) return { action: 'unchanged', url: existing.url, number: existing.number };
  const earlier = existing ? existing.body.split(EVENT).slice(1) : [];
  const body = compose(marker, issue, `${key}\n${issue.event}\n`, earlier);
  try {
    if (existing) {
      const { data } = await client.rest.issues.update({ ...repo, issue_number: existing.number, title: issue.title, body });
      return { action: 'updated', url: data.html_url, number: data.number };
    }
    const { data } = await client.rest.issues.create({ ...repo, title: issue.title, body });
    return { action: 'created', url: data.html_url, number: data.number };
  } catch (error) {
    throw new GitHubCallError(error, existing ? `update the monitor issue #${existing.number}` : 'open the monitor issue');
  }
}

/** The header, the new event and as many earlier ones as fit (at most KEPT_EVENTS in all). */
function compose(marker: string, issue: MonitorIssue, event: string, earlier: string[]): string {
  const head = `${marker}\n### promptgate monitor: ${inlineCode(issue.prompt)}\n\nWhat monitor saw and did, newest first. Each event holds the figures, the window, the versions and commits, and how to undo it.\n`;
  const events = [event, ...earlier.map((text) => text.replace(/^\n+/, '').replace(/\n*$/, '\n'))].slice(0, KEPT_EVENTS);
  while (events.length > 1 && head.length + events.join('').length + EVENT.length * events.length > BODY_LIMIT) events.pop();
  const body = `${head}${events.map((text) => `\n${EVENT}\n${text}`).join('')}`;
  return body.length > BODY_LIMIT ? `${body.slice(0, BODY_LIMIT - 40)}\n\n(cut to GitHub's limit)\n` : body;
}
