import { plural } from '../lib/format.js';
import { escapeInline } from './markdown.js';
import { modelName, nameCode, nameText } from './names.js';
import { describeChecks, flakyMark, toolCallsText } from './check-words.js';
import type { ListedSuite, ListItem } from './test-groups.js';

/**
 * How listed tests read. The comment folds tests that fail the same way in one folder into one
 * line — "6 tests on `openai:gpt-4o`, `anthropic:claude-haiku-4-5`: intent: expected …" — so 24
 * newly failing tests on a three-model matrix are a handful of lines a reviewer can take in; the
 * job summary lists them the same way, with more lines open.
 */

export interface ListContext {
  /** Where the tests a list leaves out can be read; the comment and the job summary say different things. */
  moreHint?: string;
  /** https://github.com/owner/repo, for links to test lines. */
  repositoryUrl?: string;
  /** Commit the head results are from: test links point at it, so line numbers are right. */
  headSha?: string;
  /** Test names a line of tests failing alike shows before "and N more" (3 in the comment). */
  namesShown?: number;
}

export type ListDetail = 'checks' | 'error' | 'none';

function testLink(context: ListContext, testsFile: string | undefined, test: { name: string; line?: number }): string {
  const name = nameCode(test.name, { maxLength: 120 });
  if (!context.repositoryUrl || !context.headSha || !testsFile || test.line === undefined) return name;
  return `[${name}](${context.repositoryUrl}/blob/${context.headSha}/${encodeURI(testsFile).replace(/#/g, '%23')}#L${test.line})`;
}

/** `**support** v2.0`; the model is named apart (a folder's tests may fail on several). */
export function suiteName(suite: ListedSuite): string {
  return `**${nameText(suite.id)}** ${nameText(suite.version, 40)}`;
}

/** What the providers tell about an answer, and its tool calls with their arguments. */
function answerNotes(item: ListItem): string[] {
  const notes: string[] = [];
  const result = item.result;
  if (item.note) notes.push(escapeInline(item.note, 80));
  if (result?.finishReason && result.finishReason !== 'stop' && result.finishReason !== 'tool_calls')
    notes.push(`finish: ${escapeInline(result.finishReason, 40)}`);
  if (result?.servedModel && item.suite.model && result.servedModel !== item.suite.model)
    notes.push(`served by ${escapeInline(result.servedModel, 80)}`);
  const flaky = flakyMark(result);
  if (flaky) notes.push(flaky);
  if (result?.toolCalls?.length) notes.push(`called ${toolCallsText(result)}`);
  return notes;
}

function detailOf(item: ListItem, detail: ListDetail): string {
  const { test } = item;
  const checks = test.failedChecks ?? [];
  if (detail === 'checks' && checks.length > 0) return describeChecks(checks);
  if (detail !== 'none' && test.error) return escapeInline(test.error.split('\n')[0] ?? '', 300);
  return '';
}

/** Tests of one folder that fail the same way on the same models. */
export interface Cluster {
  suite: ListedSuite;
  models: ListedSuite[];
  items: ListItem[];
  detail: string;
  notes: string[];
  required: boolean;
}

/** Groups items by folder, failure and notes, then by the set of models each test fails on. */
export function clusterItems(items: readonly ListItem[], detail: ListDetail): Cluster[] {
  const byTest = new Map<string, { first: ListItem; models: ListedSuite[]; detail: string; notes: string[] }>();
  for (const item of items) {
    const text = detailOf(item, detail);
    const notes = answerNotes(item);
    const key = JSON.stringify([item.suite.path, item.test.name, text, notes]);
    const entry = byTest.get(key);
    if (entry) entry.models.push(item.suite);
    else byTest.set(key, { first: item, models: [item.suite], detail: text, notes });
  }
  const clusters = new Map<string, Cluster>();
  for (const { first, models, detail: text, notes } of byTest.values()) {
    const matrix = models.filter((model) => model.provider !== undefined);
    const key = JSON.stringify([first.suite.path, text, notes, matrix.map((m) => `${m.provider}:${m.model}`)]);
    const cluster = clusters.get(key);
    const required = first.result?.required === true;
    if (cluster) {
      cluster.items.push(first);
      cluster.required ||= required;
    } else clusters.set(key, { suite: first.suite, models: matrix, items: [first], detail: text, notes, required });
  }
  // Required tests first, then the widest failures.
  return [...clusters.values()].sort(
    (a, b) => Number(b.required) - Number(a.required) || b.items.length * (b.models.length || 1) - a.items.length * (a.models.length || 1),
  );
}

function clusterLine(cluster: Cluster, context: ListContext): string {
  const { items, models } = cluster;
  const link = (item: ListItem) => testLink(context, item.suite.testsFile, item.test);
  const on = models.length > 0 ? ` on ${models.map((model) => modelName(model)).join(', ')}` : '';
  const required = cluster.required ? ' (required)' : '';
  const notes = cluster.notes.length > 0 ? ` · ${cluster.notes.join(' · ')}` : '';
  const detail = cluster.detail ? `: ${cluster.detail}` : '';
  if (items.length === 1) return `- ${suiteName(cluster.suite)} · ${link(items[0]!)}${required}${on}${notes}${detail}`;
  const shown = context.namesShown ?? 3;
  const names = items.slice(0, shown).map(link).join(', ');
  const more = items.length > shown ? ` and ${items.length - shown} more` : '';
  return `- ${suiteName(cluster.suite)} · ${plural(items.length, 'test')}${required}${on}${notes}${detail} — ${names}${more}`;
}

/** How many tests (test × model) a list of clusters holds. */
export function testCount(clusters: readonly Cluster[]): number {
  return clusters.reduce((sum, cluster) => sum + cluster.items.length * (cluster.models.length || 1), 0);
}

/**
 * The list: `open` lines shown, the rest (up to `limit`) folded with a count, and past that a
 * line that says where the others are.
 */
export function clusterList(clusters: readonly Cluster[], context: ListContext, open: number, limit: number): string {
  const lines = clusters.slice(0, limit).map((cluster) => clusterLine(cluster, context));
  const shown = lines.slice(0, open);
  const folded = lines.slice(open);
  const parts = [shown.join('\n')];
  if (folded.length > 0) {
    const tests = testCount(clusters.slice(open, limit));
    parts.push(`<details><summary>${plural(tests, 'more test')}</summary>\n\n${folded.join('\n')}\n\n</details>`);
  }
  if (clusters.length > limit) {
    const left = testCount(clusters.slice(limit));
    parts.push(`_… and ${plural(left, 'more test')} (${context.moreHint ?? 'see the job summary or results.json'})._`);
  }
  return parts.filter(Boolean).join('\n\n');
}
