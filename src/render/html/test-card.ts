import type { CheckResult, TestResult } from '../../results/model.js';
import { parseOutputJson } from '../../json/output-json.js';
import { formatInteger, formatMs, formatUsd } from '../../lib/format.js';
import { flakyMark } from '../check-words.js';
import { diffHtml } from './diff.js';
import { attr, esc } from './escape.js';
import type { TestPair } from './pairs.js';

/**
 * One test, base ↔ head side by side: on each side the conversation (earlier turns, the input),
 * the tool calls with their arguments, the output, every check with expected and actual, why
 * the model stopped, tokens, cost and latency, and every run of a repeated test; under both, the
 * output's diff. Every text is escaped (escape.ts): model output is shown, never interpreted.
 */

/** JSON pretty-printed, so a diff is per field; anything else as written. */
export function readableOutput(output: string | null): string {
  if (output === null) return '';
  const parsed = parseOutputJson(output);
  return parsed.ok && /^\s*[[{]/.test(output) ? JSON.stringify(parsed.value, null, 2) : output;
}

function badge(status: string | undefined): string {
  return status ? `<span class="badge ${attr(status)}">${esc(status)}</span>` : '<span class="badge">absent</span>';
}

function checksTable(checks: readonly CheckResult[]): string {
  if (checks.length === 0) return '';
  const rows = checks.map(
    (check) =>
      `<tr class="${check.passed ? 'check-passed' : 'check-failed'}"><td>${check.passed ? '✓' : '✗'}</td><td>${esc(check.name, 400)}</td><td><code>${esc(check.expected, 2000)}</code></td><td><code>${esc(check.actual, 2000)}</code>${check.message ? `<br><span class="muted">${esc(check.message, 1000)}</span>` : ''}</td></tr>`,
  );
  return `<table class="checks"><thead><tr><th></th><th>Check</th><th>Expected</th><th>Actual</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function conversation(test: TestResult): string {
  const turns = (test.messages ?? []).map((turn) => {
    const speaker = turn.role === 'tool' && turn.name ? `tool ${esc(turn.name, 200)}` : esc(turn.role);
    const calls = (turn.toolCalls ?? []).map(
      (call) => ` <code>${esc(`${call.name}(${JSON.stringify(call.arguments) ?? ''})`, 1000)}</code>`,
    );
    return `<div class="turn"><b>${speaker}</b>: ${esc(turn.content, 4000)}${calls.join('')}</div>`;
  });
  if (test.input !== undefined) turns.push(`<div class="turn"><b>user</b>: ${esc(test.input, 4000)}</div>`);
  if (turns.length === 0) return '';
  const earlier = test.messages?.length ? ` (${test.messages.length} earlier turn${test.messages.length === 1 ? '' : 's'})` : '';
  return `<h4>Conversation${earlier}</h4>${turns.join('')}`;
}

function toolCalls(calls: TestResult['toolCalls']): string {
  if (!calls?.length) return '';
  const items = calls.map(
    (call) => `<li><code>${esc(call.name, 200)}</code><pre>${esc(JSON.stringify(call.arguments, null, 2), 4000)}</pre></li>`,
  );
  return `<h4>Tool calls</h4><ol>${items.join('')}</ol>`;
}

function facts(test: TestResult): string {
  const parts = [
    test.finishReason ? `finish: ${esc(test.finishReason)}` : '',
    test.servedModel ? `served by ${esc(test.servedModel, 120)}` : '',
    `${formatInteger(test.inputTokens)} in / ${formatInteger(test.outputTokens)} out tokens`,
    `cost ${formatUsd(test.costUsd)}`,
    `latency ${formatMs(test.latencyMs)}`,
    test.source ? esc(test.source) : '',
  ].filter(Boolean);
  return `<p class="muted">${parts.join(' · ')}</p>`;
}

function runsTable(test: TestResult): string {
  if (!test.runs || test.runs.length < 2) return '';
  const rows = test.runs.map((run) => {
    const failed = run.checks.filter((check) => !check.passed).map((check) => esc(check.message ?? check.name, 300));
    return `<tr><td>${run.run}</td><td>${badge(run.status)}</td><td>${formatMs(run.latencyMs)}</td><td>${formatUsd(run.costUsd)}</td><td>${formatInteger(run.inputTokens + run.outputTokens)}</td><td><code>${esc(run.output ?? run.error ?? '', 300)}</code>${failed.length ? `<br><span class="muted">${failed.join('; ')}</span>` : ''}</td></tr>`;
  });
  return `<h4>Runs (${test.runs.length})</h4><table><thead><tr><th>#</th><th>Status</th><th>Latency</th><th>Cost</th><th>Tokens</th><th>Output</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function side(label: string, test: TestResult | undefined): string {
  if (!test) return `<div class="side"><h4>${label}</h4><p class="muted">No such test on this side.</p></div>`;
  const output = readableOutput(test.output);
  return `<div class="side"><h4>${label} ${badge(test.status)}</h4>${conversation(test)}${toolCalls(test.toolCalls)}${
    output ? `<h4>Output</h4><pre>${esc(output)}</pre>` : ''
  }${test.error ? `<h4>Error</h4><pre>${esc(test.error, 4000)}</pre>` : ''}${checksTable(test.checks)}${facts(test)}${runsTable(test)}</div>`;
}

export function testCard(pair: TestPair): string {
  const model = `${pair.suite.provider}:${pair.suite.model}`;
  const flaky = flakyMark(pair.head) ?? flakyMark(pair.base);
  const data = [
    `data-failed="${pair.failed ? 1 : 0}"`,
    `data-flipped="${pair.flipped ? 1 : 0}"`,
    `data-flaky="${pair.flaky ? 1 : 0}"`,
    `data-required="${pair.required ? 1 : 0}"`,
    `data-folder="${attr(pair.suite.path)}"`,
    `data-model="${attr(model)}"`,
  ].join(' ');
  const header = `<header><strong class="name">${esc(pair.name, 300)}</strong><span class="muted"><span class="name">${esc(pair.suite.id, 120)} ${esc(
    pair.suite.version,
    60,
  )}</span> · <code class="name">${esc(model, 160)}</code></span>${badge(pair.base?.status)} → ${badge(pair.head?.status)}${
    pair.required ? '<span class="badge">required</span>' : ''
  }${flaky ? `<span class="badge flaky">${esc(flaky)}</span>` : ''}</header>`;
  const before = readableOutput(pair.base?.output ?? null);
  const after = readableOutput(pair.head?.output ?? null);
  const diff = pair.base && pair.head && (before || after) ? `<h4>Output, base → head</h4>${diffHtml(before, after)}` : '';
  return `<section class="test" ${data}>${header}<div class="sides">${side('Base', pair.base)}${side('Head', pair.head)}</div>${diff}</section>`;
}
