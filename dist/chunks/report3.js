import { a as normaliseHead, ah as comparisonLookup, aj as perTest, ak as parseOutputJson, f as formatInteger, ai as formatUsd, a7 as formatMs, A as plural, af as formatPercent, a2 as verdictOf, ag as formatPointsDelta, aN as formatInterval, aO as formatPp } from './engine.js';
import { f as flakyMark, I as ICON, s as stateOf, j as chanceWords, k as formatMetric } from './model-details.js';
const { createHash } = globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");
import './markdown.js';

/**
 * The HTML report's one escaper. Everything that came from a model or the repository (outputs,
 * names, messages, tag messages) passes through it: control characters, bidi overrides and
 * zero-width characters shown as what they are (text.ts), then `& < > " '` as entities, so
 * the text is text in an element or a quoted attribute and never markup. The page's
 * Content-Security-Policy (page.ts) is the second wall: no script runs but the page's own.
 */
/** Characters of one text kept in the report: a 100 KB answer is shown in full up to this. */
const MAX_TEXT = 20_000;
function esc(text, maxLength = MAX_TEXT) {
    const raw = typeof text === 'string' ? text : (JSON.stringify(text) ?? 'undefined');
    const normalised = normaliseHead(raw, maxLength);
    const shown = normalised.length > maxLength
        ? `${normalised.slice(0, maxLength)}\u2026 (${raw.length - maxLength} more characters in results.json)`
        : normalised;
    return shown.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
/** A value for a data-* attribute the filters compare: escaped, one line. */
function attr(text) {
    return esc(text.replace(/\s+/g, ' '), 400);
}

/**
 * The page around the report: one self-contained file. No request leaves it: no external
 * script, style, font or image, and a Content-Security-Policy that allows none (default-src
 * 'none'), inline styles (the plots carry their own), and only the page's own script, by its
 * hash, so no script in model output could run even if it became markup.
 */
const STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bad: #cf222e; --good: #1a7f37; --warn: #9a6700; --bg-bad: #ffebe9; --bg-good: #dafbe1; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1280px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.muted { color: var(--muted); }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
.name { white-space: nowrap; }
code, pre { font: 12px/1.45 ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
pre { background: #f6f8fa; padding: 8px; margin: 4px 0; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 420px; overflow: auto; }
.diff span { display: block; } .diff .added { background: var(--bg-good); } .diff .removed { background: var(--bg-bad); }
.badge { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; border: 1px solid var(--line); white-space: nowrap; }
.passed { color: var(--good); } .failed, .error { color: var(--bad); } .flaky { color: var(--warn); }
.test { border: 1px solid var(--line); border-radius: 6px; margin: 12px 0; padding: 8px 12px; }
.test > header { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.side { min-width: 0; }
.side h4 { margin: 8px 0 4px; font-size: 13px; }
.check-failed td { background: var(--bg-bad); }
.turn { margin: 2px 0; } .turn b { text-transform: capitalize; }
#filters { position: sticky; top: 0; background: #fff; padding: 8px 0; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: 12px; align-items: center; z-index: 1; }
.plots { display: flex; flex-wrap: wrap; gap: 24px; } figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: 4px; }
`;
/** The filters: show the test cards that match every ticked box and chosen folder and model. */
const FILTER_SCRIPT = `(() => {
  const form = document.getElementById('filters');
  const count = document.getElementById('shown');
  const cards = [...document.querySelectorAll('.test')];
  const apply = () => {
    const want = new FormData(form);
    let shown = 0;
    for (const card of cards) {
      const show = ['failed', 'flipped', 'flaky', 'required'].every((flag) => !want.get(flag) || card.dataset[flag] === '1')
        && (!want.get('folder') || card.dataset.folder === want.get('folder'))
        && (!want.get('model') || card.dataset.model === want.get('model'));
      card.hidden = !show;
      if (show) shown += 1;
    }
    count.textContent = shown + ' of ' + cards.length + ' tests shown';
  };
  form.addEventListener('change', apply);
  apply();
})();`;
function page(title, body) {
    const hash = createHash('sha256').update(FILTER_SCRIPT).digest('base64');
    const policy = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`;
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title, 200)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
<script>${FILTER_SCRIPT}</script>
</body>
</html>
`;
}

function baseSuiteOf(results, head, row) {
    if (row && !row.base)
        return undefined;
    const path = row?.basePath ?? head.path;
    const bases = results.base?.suites.filter((suite) => suite.path === path) ?? [];
    return (bases.find((suite) => suite.provider === head.provider && suite.model === head.model) ?? (bases.length === 1 ? bases[0] : undefined));
}
const identity = (suite) => ({
    id: suite.id,
    version: suite.version,
    path: suite.path,
    provider: suite.provider,
    model: suite.model,
});
/** Head suites with their bases, then base suites no head suite was compared with (removed). */
function suitePairs(results) {
    const rowOf = comparisonLookup(results.comparison?.suites);
    const used = new Set();
    const pairs = results.suites.map((head) => {
        const comparison = rowOf(head);
        const base = results.base ? baseSuiteOf(results, head, comparison) : undefined;
        if (base)
            used.add(base);
        return { suite: identity(head), head, ...(base ? { base } : {}), ...(comparison ? { comparison } : {}) };
    });
    for (const base of results.base?.suites ?? [])
        if (!used.has(base))
            pairs.push({ suite: identity(base), base });
    return pairs;
}
const passed = (test) => test?.status === 'passed';
/** Every test pair, failing and flipped ones first within each suite. */
function testPairs(results) {
    const out = [];
    for (const { suite, head, base } of suitePairs(results)) {
        const baseTests = new Map((base?.tests ?? []).map((test) => [test.name, test]));
        const names = [...(head?.tests ?? []).map((test) => test.name), ...(base?.tests ?? []).map((test) => test.name)];
        const headTests = new Map((head?.tests ?? []).map((test) => [test.name, test]));
        const pairs = [...new Set(names)].map((name) => {
            const h = headTests.get(name);
            const b = baseTests.get(name);
            return {
                suite,
                name,
                ...(h ? { head: h } : {}),
                ...(b ? { base: b } : {}),
                required: h?.required === true || (!h && b?.required === true),
                flaky: h?.flaky === true || b?.flaky === true,
                flipped: h !== undefined && b !== undefined && h.status !== b.status,
                failed: h !== undefined && !passed(h),
            };
        });
        const rank = (pair) => (pair.failed ? 0 : pair.flipped ? 1 : pair.flaky ? 2 : 3);
        out.push(...pairs
            .map((pair, index) => ({ pair, index }))
            .sort((a, b) => rank(a.pair) - rank(b.pair) || a.index - b.index)
            .map(({ pair }) => pair));
    }
    return out;
}

const WIDTH = 600;
const label = (pair) => `${pair.suite.id} ${pair.suite.version} \u00b7 ${pair.suite.provider}:${pair.suite.model}`;
const margin = (labels) => Math.min(360, 12 + 6.2 * Math.max(8, ...labels.map((text) => text.length)));
/** Base \u2192 head per folder \u00d7 model: an arrow from the base's figure to the head's. */
function changePlot(Plot, document, rows, x) {
    const both = rows.filter((row) => row.base !== null && row.head !== null);
    return Plot.plot({
        document: document,
        width: WIDTH,
        marginLeft: margin(rows.map((row) => row.label)),
        height: 40 + 28 * rows.length,
        x: { grid: true, ...x },
        y: { label: null, domain: rows.map((row) => row.label) },
        color: { domain: ['base', 'head'], range: ['#8c959f', '#0969da'], legend: true },
        marks: [
            Plot.arrow(both, { x1: 'base', x2: 'head', y: 'label', stroke: '#59636e', headLength: 6, inset: 4 }),
            Plot.dot(rows.filter((row) => row.base !== null), { x: 'base', y: 'label', fill: () => 'base', r: 4 }),
            Plot.dot(rows.filter((row) => row.head !== null), { x: 'head', y: 'label', fill: () => 'head', r: 4 }),
        ],
    });
}
function latencies(test) {
    const runs = test.runs && test.runs.length > 1 ? test.runs : [test];
    return runs.flatMap((run) => (run.latencyMs === null ? [] : [run.latencyMs]));
}
function latencyPlot(Plot, document, pairs) {
    const data = pairs.flatMap((pair) => ['base', 'head'].flatMap((side) => (pair[side]?.tests ?? []).flatMap((test) => latencies(test).map((latency) => ({ label: label(pair), side, latency })))));
    if (data.length === 0)
        return undefined;
    const labels = [...new Set(data.map((row) => row.label))];
    return Plot.plot({
        document: document,
        width: WIDTH,
        marginLeft: margin(labels),
        height: 60 + 56 * labels.length,
        x: { grid: true, label: 'latency (ms) \u2192' },
        y: { label: null, domain: labels },
        fy: { label: null, domain: ['base', 'head'] },
        marks: [Plot.boxX(data, { x: 'latency', y: 'label', fy: 'side', fill: '#ddf4ff', stroke: '#0969da' })],
    });
}
function versionPlot(Plot, document, prompt, metric) {
    const rows = prompt.versions.flatMap((version) => version.models?.length
        ? version.models.map((model) => ({ version: version.version, series: `${model.provider}:${model.model}`, value: model[metric] }))
        : [{ version: version.version, series: version.model, value: version[metric] }]);
    const known = rows.filter((row) => row.value !== null);
    if (known.length === 0)
        return undefined;
    return Plot.plot({
        document: document,
        width: WIDTH,
        height: 240,
        marginLeft: 64,
        x: { type: 'point', domain: prompt.versions.map((version) => version.version), label: 'tagged version \u2192' },
        y: metric === 'passRate'
            ? { domain: [0, 1], tickFormat: '%', grid: true, label: '\u2191 pass rate' }
            : { grid: true, zero: true, label: '\u2191 cost per suite run ($)' },
        color: { legend: true },
        marks: [
            Plot.line(known, { x: 'version', y: 'value', stroke: 'series' }),
            Plot.dot(known, { x: 'version', y: 'value', fill: 'series', r: 4 }),
        ],
    });
}
const svgOf = (node) => (node ? node.outerHTML : '');
async function renderPlots(pairs, versions) {
    const [{ parseHTML }, plot] = await Promise.all([import('./index15.js'), import('./index16.js')]);
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const figures = [];
    const compared = pairs.filter((pair) => pair.head);
    const figure = (pick) => compared.map((pair) => ({
        label: label(pair),
        base: pair.base ? pick(pair.base.summary) : null,
        head: pick(pair.head.summary),
    }));
    if (compared.length > 0) {
        const rate = figure((summary) => summary.passRate);
        figures.push({
            title: 'Pass rate per model, base \u2192 head',
            svg: svgOf(changePlot(plot, document, rate, { domain: [0, 1], tickFormat: '%', label: 'pass rate \u2192' })),
        });
        const cost = figure((summary) => perTest(summary).costPer1kRuns);
        if (cost.some((row) => row.head !== null || row.base !== null))
            figures.push({
                title: 'Cost per 1,000 runs per model, base \u2192 head',
                svg: svgOf(changePlot(plot, document, cost, { zero: true, label: 'cost per 1,000 runs ($) \u2192' })),
            });
    }
    const latency = latencyPlot(plot, document, pairs);
    if (latency)
        figures.push({ title: 'Latency of every run, base and head', svg: svgOf(latency) });
    for (const prompt of versions) {
        const rate = versionPlot(plot, document, prompt, 'passRate');
        if (rate)
            figures.push({ title: `${prompt.id}: pass rate across tagged versions`, svg: svgOf(rate) });
        const cost = versionPlot(plot, document, prompt, 'costUsd');
        if (cost)
            figures.push({ title: `${prompt.id}: cost per suite run across tagged versions`, svg: svgOf(cost) });
    }
    return figures;
}

/**
 * A line diff of two outputs (base \u2192 head), for the report's "output" panes: the longest common
 * subsequence of lines, kept lines plain, removed lines marked `-`, added `+`. Outputs are
 * bounded first (a diff of two 10,000-line answers is not what a reviewer reads), and JSON is
 * compared pretty-printed, so a changed field is one changed line.
 */
const MAX_LINES = 400;
function diffLines(before, after) {
    const a = before.split('\n').slice(0, MAX_LINES);
    const b = after.split('\n').slice(0, MAX_LINES);
    // lengths[i][j]: the LCS of a[i..] and b[j..].
    const lengths = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
    for (let i = a.length - 1; i >= 0; i -= 1)
        for (let j = b.length - 1; j >= 0; j -= 1)
            lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    const out = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
        if (a[i] === b[j]) {
            out.push({ kind: 'same', text: a[i] });
            i += 1;
            j += 1;
        }
        else if (lengths[i + 1][j] >= lengths[i][j + 1])
            out.push({ kind: 'removed', text: a[i++] });
        else
            out.push({ kind: 'added', text: b[j++] });
    }
    while (i < a.length)
        out.push({ kind: 'removed', text: a[i++] });
    while (j < b.length)
        out.push({ kind: 'added', text: b[j++] });
    return out;
}
/** The diff as a <pre>: each line a <span> with its mark; the text escaped. */
function diffHtml(before, after) {
    const lines = diffLines(before, after);
    if (lines.every((line) => line.kind === 'same'))
        return '<p class="muted">Same output on both sides.</p>';
    const mark = { same: ' ', added: '+', removed: '-' };
    const body = lines.map((line) => `<span class="${line.kind}">${mark[line.kind]} ${esc(line.text, 2000)}</span>`).join('');
    return `<pre class="diff">${body}</pre>`;
}

/**
 * One test, base \u2194 head side by side: on each side the conversation (earlier turns, the input),
 * the tool calls with their arguments, the output, every check with expected and actual, why
 * the model stopped, tokens, cost and latency, and every run of a repeated test; under both, the
 * output's diff. Every text is escaped (escape.ts): model output is shown, never interpreted.
 */
/** JSON pretty-printed, so a diff is per field; anything else as written. */
function readableOutput(output) {
    if (output === null)
        return '';
    const parsed = parseOutputJson(output);
    return parsed.ok && /^\s*[[{]/.test(output) ? JSON.stringify(parsed.value, null, 2) : output;
}
function badge(status) {
    return status ? `<span class="badge ${attr(status)}">${esc(status)}</span>` : '<span class="badge">absent</span>';
}
function checksTable(checks) {
    if (checks.length === 0)
        return '';
    const rows = checks.map((check) => `<tr class="${check.passed ? 'check-passed' : 'check-failed'}"><td>${check.passed ? '\u2713' : '\u2717'}</td><td>${esc(check.name, 400)}</td><td><code>${esc(check.expected, 2000)}</code></td><td><code>${esc(check.actual, 2000)}</code>${check.message ? `<br><span class="muted">${esc(check.message, 1000)}</span>` : ''}</td></tr>`);
    return `<table class="checks"><thead><tr><th></th><th>Check</th><th>Expected</th><th>Actual</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
function conversation(test) {
    const turns = (test.messages ?? []).map((turn) => {
        const speaker = turn.role === 'tool' && turn.name ? `tool ${esc(turn.name, 200)}` : esc(turn.role);
        const calls = (turn.toolCalls ?? []).map((call) => ` <code>${esc(`${call.name}(${JSON.stringify(call.arguments) ?? ''})`, 1000)}</code>`);
        return `<div class="turn"><b>${speaker}</b>: ${esc(turn.content, 4000)}${calls.join('')}</div>`;
    });
    if (test.input !== undefined)
        turns.push(`<div class="turn"><b>user</b>: ${esc(test.input, 4000)}</div>`);
    if (turns.length === 0)
        return '';
    const earlier = test.messages?.length ? ` (${test.messages.length} earlier turn${test.messages.length === 1 ? '' : 's'})` : '';
    return `<h4>Conversation${earlier}</h4>${turns.join('')}`;
}
function toolCalls(calls) {
    if (!calls?.length)
        return '';
    const items = calls.map((call) => `<li><code>${esc(call.name, 200)}</code><pre>${esc(JSON.stringify(call.arguments, null, 2), 4000)}</pre></li>`);
    return `<h4>Tool calls</h4><ol>${items.join('')}</ol>`;
}
function facts(test) {
    const parts = [
        test.finishReason ? `finish: ${esc(test.finishReason)}` : '',
        test.servedModel ? `served by ${esc(test.servedModel, 120)}` : '',
        `${formatInteger(test.inputTokens)} in / ${formatInteger(test.outputTokens)} out tokens`,
        `cost ${formatUsd(test.costUsd)}`,
        `latency ${formatMs(test.latencyMs)}`,
        test.source ? esc(test.source) : '',
    ].filter(Boolean);
    return `<p class="muted">${parts.join(' \u00b7 ')}</p>`;
}
function runsTable(test) {
    if (!test.runs || test.runs.length < 2)
        return '';
    const rows = test.runs.map((run) => {
        const failed = run.checks.filter((check) => !check.passed).map((check) => esc(check.message ?? check.name, 300));
        return `<tr><td>${run.run}</td><td>${badge(run.status)}</td><td>${formatMs(run.latencyMs)}</td><td>${formatUsd(run.costUsd)}</td><td>${formatInteger(run.inputTokens + run.outputTokens)}</td><td><code>${esc(run.output ?? run.error ?? '', 300)}</code>${failed.length ? `<br><span class="muted">${failed.join('; ')}</span>` : ''}</td></tr>`;
    });
    return `<h4>Runs (${test.runs.length})</h4><table><thead><tr><th>#</th><th>Status</th><th>Latency</th><th>Cost</th><th>Tokens</th><th>Output</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
function side(label, test) {
    if (!test)
        return `<div class="side"><h4>${label}</h4><p class="muted">No such test on this side.</p></div>`;
    const output = readableOutput(test.output);
    return `<div class="side"><h4>${label} ${badge(test.status)}</h4>${conversation(test)}${toolCalls(test.toolCalls)}${output ? `<h4>Output</h4><pre>${esc(output)}</pre>` : ''}${test.error ? `<h4>Error</h4><pre>${esc(test.error, 4000)}</pre>` : ''}${checksTable(test.checks)}${facts(test)}${runsTable(test)}</div>`;
}
function testCard(pair) {
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
    const header = `<header><strong class="name">${esc(pair.name, 300)}</strong><span class="muted"><span class="name">${esc(pair.suite.id, 120)} ${esc(pair.suite.version, 60)}</span> \u00b7 <code class="name">${esc(model, 160)}</code></span>${badge(pair.base?.status)} \u2192 ${badge(pair.head?.status)}${pair.required ? '<span class="badge">required</span>' : ''}${flaky ? `<span class="badge flaky">${esc(flaky)}</span>` : ''}</header>`;
    const before = readableOutput(pair.base?.output ?? null);
    const after = readableOutput(pair.head?.output ?? null);
    const diff = pair.base && pair.head && (before || after) ? `<h4>Output, base \u2192 head</h4>${diffHtml(before, after)}` : '';
    return `<section class="test" ${data}>${header}<div class="sides">${side('Base', pair.base)}${side('Head', pair.head)}</div>${diff}</section>`;
}

function heading(results) {
    const folders = new Set(results.suites.map((suite) => suite.path)).size;
    const models = new Set(results.suites.map((suite) => `${suite.provider}:${suite.model}`)).size;
    const verdict = results.cancelled
        ? '\u23f9\ufe0f promptgate: run cancelled'
        : results.gate.passed
            ? '\u2705 promptgate: gate passed'
            : '\u274c promptgate: merge blocked';
    const refs = [
        results.ref ? `head <code>${esc(results.ref.slice(0, 12))}</code>` : '',
        results.base ? `base <code>${esc(results.base.ref.slice(0, 12))}</code>` : '',
    ]
        .filter(Boolean)
        .join(' vs ');
    const facts = [
        plural(folders, 'prompt folder'),
        plural(models, 'model'),
        plural(results.summary.total, 'test'),
        `threshold ${formatPercent(results.threshold, 0)} per folder`,
        refs,
        `promptgate ${esc(results.tool.version, 20)}`,
    ]
        .filter(Boolean)
        .join(' \u00b7 ');
    const reasons = results.gate.reasons.map((reason) => `<li>${esc(reason, 600)}</li>`).join('');
    const notes = (results.gate.notes ?? []).map((note) => `<li>${esc(note, 600)}</li>`).join('');
    return `<h1>${verdict}</h1><p class="muted">${facts}</p>${reasons ? `<h3>Blocking</h3><ul>${reasons}</ul>` : ''}${notes ? `<h3>Not blocking</h3><ul>${notes}</ul>` : ''}`;
}
function pair(base, head, show) {
    if (!head)
        return base ? `${show(base)} \u2192 <em>removed</em>` : '\u2014';
    return base ? `${show(base)} \u2192 ${show(head)}` : show(head);
}
function verdictText(comparison) {
    const detail = comparison?.verdictDetail;
    if (!comparison || !detail)
        return '';
    if (detail.deltaPp === null || comparison.pValue == null)
        return esc(detail.reason ?? 'not comparable');
    const paired = `${formatPp(detail.deltaPp)} on the ${plural(detail.paired, 'test')} run on both sides`;
    if (Math.round(detail.deltaPp * 10) === 0)
        return paired;
    const words = comparison.verdict === 'regression'
        ? '<strong class="failed">a real regression</strong>: '
        : comparison.verdict === 'improvement'
            ? '<strong class="passed">a real improvement</strong>: '
            : '';
    return `${words}${paired}; ${chanceWords(detail.deltaPp, comparison.pValue)} (exact McNemar p = ${Number(comparison.pValue.toPrecision(2))})`;
}
function metricsCell(pairOf) {
    const metrics = Object.entries(pairOf.head?.metrics ?? {});
    return metrics
        .map(([name, metric]) => {
        const before = pairOf.base?.metrics?.[name];
        const target = [
            metric.min !== undefined ? `\u2265 ${formatMetric(name, metric.min)}` : '',
            metric.max !== undefined ? `\u2264 ${formatMetric(name, metric.max)}` : '',
        ]
            .filter(Boolean)
            .join(', ');
        return `<div class="${metric.passed ? 'passed' : 'failed'}">${metric.passed ? '\u2713' : '\u2717'} ${esc(name, 80)}: ${before ? `${formatMetric(name, before.value)} \u2192 ` : ''}${formatMetric(name, metric.value)} <span class="muted">(${target})</span></div>`;
    })
        .join('');
}
function suitesTable(results, pairs) {
    const rows = pairs.map((pairOf) => {
        const { suite, head, base, comparison } = pairOf;
        const verdict = head ? verdictOf(results.gate, head) : undefined;
        const mark = ICON[stateOf({ change: head ? comparison?.change : 'removed', head: head?.summary, verdict })];
        const rate = pair(base?.summary, head?.summary, (summary) => summary.passRate === null ? '<em>not run</em>' : formatPercent(summary.passRate));
        const delta = head && base && head.summary.passRate !== null && base.summary.passRate !== null
            ? ` (${formatPointsDelta(head.summary.passRate - base.summary.passRate)})`
            : '';
        const interval = head?.summary.passRateInterval
            ? `<br><span class="muted">95% interval ${formatInterval(head.summary.passRateInterval)}</span>`
            : '';
        const counts = head ? `${head.summary.passed} passed, ${head.summary.failed} failed, ${head.summary.errors} errored` : '\u2014';
        return `<tr><td>${mark}</td><td class="name"><strong>${esc(suite.id, 120)}</strong> ${esc(suite.version, 60)}<br><span class="muted">${esc(suite.path, 200)}</span></td><td><code class="name">${esc(`${suite.provider}:${suite.model}`, 160)}</code></td><td class="name">${rate}${delta}${interval}</td><td>${verdictText(comparison)}</td><td class="name">${pair(base?.summary, head?.summary, (s) => formatInteger(perTest(s).tokens ?? 0))}</td><td class="name">${pair(base?.summary, head?.summary, (s) => formatUsd(perTest(s).costPer1kRuns))}</td><td class="name">${pair(base?.summary, head?.summary, (s) => formatMs(s.latencyMs.p95))}</td><td>${counts}</td><td>${metricsCell(pairOf)}</td></tr>`;
    });
    return `<table class="suites"><thead><tr><th></th><th>Prompt</th><th>Model</th><th>Pass rate, base \u2192 head</th><th>Paired comparison</th><th>Tokens / test</th><th>Cost / 1k runs</th><th>p95 latency</th><th>Head tests</th><th>Metrics</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
function filters(pairs) {
    const folders = [...new Set(pairs.map((p) => p.suite.path))];
    const models = [...new Set(pairs.map((p) => `${p.suite.provider}:${p.suite.model}`))];
    const option = (value) => `<option value="${attr(value)}">${esc(value, 200)}</option>`;
    const box = (name, text) => `<label><input type="checkbox" name="${name}" value="1"> ${text}</label>`;
    return `<form id="filters">${box('failed', 'failed')}${box('flipped', 'flipped')}${box('flaky', 'flaky')}${box('required', 'required')}<label>folder <select name="folder"><option value="">all</option>${folders.map(option).join('')}</select></label><label>model <select name="model"><option value="">all</option>${models.map(option).join('')}</select></label><span id="shown" class="muted"></span></form>`;
}
async function renderHtmlReport(results, options = {}) {
    const pairs = suitePairs(results);
    const figures = await renderPlots(pairs, options.versions ?? []);
    const plots = figures.map((figure) => `<figure><figcaption>${esc(figure.title, 200)}</figcaption>${figure.svg}</figure>`).join('');
    const noVersions = options.versions?.length
        ? ''
        : '<p class="muted">No tagged versions to plot (promptgate release tags them; the report reads the tags when it runs in a repository).</p>';
    const cards = testPairs(results).map(testCard).join('\n');
    const body = `${heading(results)}
<h2>Folders \u00d7 models</h2>${suitesTable(results, pairs)}
<h2>Plots</h2><div class="plots">${plots}</div>${noVersions}
<h2>Tests</h2>${filters(pairs)}
${cards}`;
    return page(`promptgate report${results.ref ? ` \u00b7 ${results.ref.slice(0, 7)}` : ''}`, body);
}

export { renderHtmlReport };
