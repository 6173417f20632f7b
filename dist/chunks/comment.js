import { c as cutAt, a2 as verdictOf, ae as didNotRun, af as formatPercent, ag as formatPointsDelta, a7 as formatMs, f as formatInteger, A as plural, ah as comparisonLookup, ai as formatUsd, aj as perTest, i as isNotRun, ak as parseOutputJson, al as describeCalls, am as keepAnswersAdvice, an as isCancelled } from './engine.js';
import { e as escapeInline, c as codeBlock, i as inlineCode } from './markdown.js';
import { s as stateOf, I as ICON, n as nameText, m as modelName, a as matrixPaths, d as describeChecks, f as flakyMark, t as toolCallsText, b as nameCode, c as describeCheck, e as checkField, g as chanceSection, h as modelDetails, i as gateReasonLines, r as reasonItem } from './model-details.js';
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/**
 * Fitting a rendered report into GitHub's size limits. Apart from escaping on purpose: the
 * escapers decide what a piece of text may say, this module only decides how much of the
 * report fits. The two limits are counted differently, so the unit is explicit:
 * - a PR comment: 65,536 characters;
 * - a step's job summary: 1 MiB, counted in bytes of UTF-8 (one CJK character is 3 bytes,
 *   an emoji 4), so a character count under the limit can still be rejected.
 */
/** GitHub rejects comments over 65,536 characters; the rest is headroom for the marker and note. */
const COMMENT_BUDGET = 65_000;
/** GitHub's job summary limit per step: 1 MiB of UTF-8. */
const SUMMARY_BYTE_LIMIT = 1_048_576;
/** What the summary renderer aims for: the limit less room for the trailing newline and redaction. */
const SUMMARY_BYTE_BUDGET = SUMMARY_BYTE_LIMIT - 4_096;
const CUT_NOTE = "Details cut to fit GitHub's comment size limit; see the job summary / results.json.";
function sizeOf(text, unit) {
    return unit === 'chars' ? text.length : Buffer.byteLength(text, 'utf8');
}
/** Cuts `text` to at most `maxBytes` of UTF-8 (suffix included), never inside a character. */
function truncateToBytes(text, maxBytes, suffix = '\u2026') {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length <= maxBytes)
        return text;
    let end = Math.max(0, maxBytes - Buffer.byteLength(suffix, 'utf8'));
    while (end > 0 && (bytes[end] & 0xc0) === 0x80)
        end -= 1; // back off UTF-8 continuation bytes
    return bytes.subarray(0, end).toString('utf8') + suffix;
}
function truncateTo(text, max, unit) {
    return unit === 'chars' ? `${cutAt(text, max - 1)}\u2026` : truncateToBytes(text, max);
}
const FULL = 0;
const SHORT = 1;
const DROPPED = 2;
/**
 * Joins sections, in their order, into a body of at most `limit` units. When the whole does
 * not fit, priorities are visited from the lowest up; within one priority every section is
 * first shortened (last section first), then dropped, until the rest fits with the note.
 * If the required sections alone are too long the body is cut hard, still with the note.
 */
function fitToLimit(sections, options = {}) {
    const limit = options.limit ?? COMMENT_BUDGET;
    const unit = options.unit ?? 'chars';
    const separator = options.separator ?? '\n\n';
    const noteBlock = `${separator}${options.note ?? `> [!NOTE]\n> ${CUT_NOTE}`}`;
    const levels = sections.map(() => FULL);
    const textOf = (i) => {
        const level = levels[i];
        const section = sections[i];
        return level === DROPPED ? '' : level === SHORT ? (section.short ?? '') : section.full;
    };
    // Size of the joined body, kept incrementally: reports can have thousands of sections.
    const separatorSize = sizeOf(separator, unit);
    let pieces = 0;
    let size = 0;
    const account = (i, sign) => {
        const text = textOf(i);
        if (text === '')
            return;
        pieces += sign;
        size += sign * sizeOf(text, unit);
    };
    const total = () => size + Math.max(0, pieces - 1) * separatorSize;
    const setLevel = (i, level) => {
        account(i, -1);
        levels[i] = level;
        account(i, 1);
    };
    const render = () => sections
        .map((_, i) => textOf(i))
        .filter((text) => text !== '')
        .join(separator);
    sections.forEach((_, i) => account(i, 1));
    if (total() <= limit)
        return { body: render(), cut: false, shortened: 0, dropped: 0 };
    const budget = limit - sizeOf(noteBlock, unit);
    const priorities = [...new Set(sections.map((s) => s.priority))].sort((a, b) => a - b);
    const fits = () => total() <= budget;
    outer: for (const priority of priorities) {
        const group = sections
            .map((s, i) => (s.priority === priority ? i : -1))
            .filter((i) => i >= 0)
            .reverse();
        for (const i of group) {
            if (sections[i].short === undefined)
                continue;
            setLevel(i, SHORT);
            if (fits())
                break outer;
        }
        for (const i of group) {
            if (sections[i].required)
                continue;
            setLevel(i, DROPPED);
            if (fits())
                break outer;
        }
    }
    let body = render();
    // Only required sections are left and they are still too long: a hard cut, but a stated one.
    if (sizeOf(body, unit) > budget)
        body = truncateTo(body, budget, unit);
    return {
        body: body + noteBlock,
        cut: true,
        shortened: levels.filter((level) => level === SHORT).length,
        dropped: levels.filter((level) => level === DROPPED).length,
    };
}

/**
 * The report's table: one row per prompt folder (per model, with `models:`), base \u2192 head.
 * A side that did not run says "not run" \u2014 never 0%, and no delta against it.
 */
const CHANGE_LABEL = {
    modified: 'changed',
    added: 'new',
    removed: 'removed',
    renamed: 'renamed',
    'new-version': 'new version',
    unchanged: 'unchanged',
};
const NOT_RUN = '_not run_';
/** Comparisons are matched by path, and by provider and model in a `models:` matrix. */
function comparisonFor(results, suite) {
    return comparisonLookup(results.comparison?.suites)(suite);
}
function rowsOf(results) {
    const rows = results.suites.map((suite) => {
        const comparison = comparisonFor(results, suite);
        return {
            path: suite.path,
            id: suite.id,
            version: suite.version,
            model: suite.model,
            provider: suite.provider,
            head: suite.summary,
            ...(comparison ? { comparison, change: comparison.change } : {}),
            ...withVerdict(verdictOf(results.gate, suite)),
            ...(comparison?.baseVersion ? { baseVersion: comparison.baseVersion } : {}),
            ...(comparison?.basePath ? { basePath: comparison.basePath } : {}),
        };
    });
    for (const suite of results.comparison?.suites ?? []) {
        if (suite.change === 'removed') {
            rows.push({
                path: suite.path,
                id: suite.id,
                version: suite.version,
                change: 'removed',
                comparison: suite,
                ...(suite.model !== undefined ? { model: suite.model, provider: suite.provider } : {}),
            });
        }
    }
    return rows;
}
const withVerdict = (verdict) => (verdict ? { verdict } : {});
const ORDER = { failing: 0, 'not-run': 1, noted: 2, passing: 3, unjudged: 4, removed: 5 };
function headRateText(row, threshold) {
    const { head } = row;
    if (!head)
        return '\u2014';
    const rate = head?.passRate ?? null;
    if (rate === null)
        return NOT_RUN;
    return rate < threshold ? `**${formatPercent(rate)}**` : formatPercent(rate);
}
/**
 * `base \u2192 head` and, under it, the one delta of the row; a real regression (the paired test's
 * verdict) is emphasised. A delta needs two sides that ran: "0.0% \u2192 100.0% (+100 pp)" against
 * a side that never ran is a lie.
 */
function passRateCell(row, threshold) {
    if (row.change === 'removed')
        return 'removed';
    const base = row.comparison?.base;
    const headText = headRateText(row, threshold);
    if (!base)
        return headText;
    const baseRate = base?.passRate ?? null;
    const headRate = row.head?.passRate ?? null;
    const baseText = didNotRun(base) || baseRate === null ? NOT_RUN : formatPercent(baseRate);
    const delta = baseRate !== null && headRate !== null ? formatPointsDelta(headRate - baseRate) : '';
    const real = row.comparison?.verdict === 'regression' || row.comparison?.verdict === 'improvement';
    const shown = delta && real ? `**${delta}**` : delta;
    return `${baseText} \u2192 ${headText}${shown ? `<br><sub>${shown}</sub>` : ''}`;
}
/** `base \u2192 head` of a per-run figure; `\u2014` for a side with no answered run, `unknown` for an unknown price (never `$0`). */
function perRunCell(head, base, figure, show) {
    const text = (summary) => {
        const v = summary ? figure(summary) : null;
        if (v !== null)
            return show(v);
        return summary && summary.passed + summary.failed > 0 ? 'unknown' : '\u2014';
    };
    return base ? `${text(base)} \u2192 ${text(head)}` : text(head);
}
function latencyCell(head, base) {
    const value = (summary) => summary?.latencyMs.p95 ?? null;
    const [b, h] = [value(base), value(head)];
    if (!base)
        return h === null ? '\u2014' : formatMs(h);
    // One unit for the pair when both are in ms: "152 \u2192 80 ms".
    if (b !== null && h !== null && b < 10_000 && h < 10_000)
        return `${formatInteger(b)} \u2192 ${formatMs(h)}`;
    return `${b === null ? '\u2014' : formatMs(b)} \u2192 ${h === null ? '\u2014' : formatMs(h)}`;
}
function countsCell(summary) {
    if (!summary)
        return '\u2014';
    if (didNotRun(summary))
        return `${summary.total} not run`;
    const notRun = summary.notRun;
    const parts = [`${summary.passed} of ${summary.total}`];
    // Tests counted as not run are errors the engine set apart; show them under their own name.
    if (summary.errors - notRun > 0)
        parts.push(plural(summary.errors - notRun, 'error'));
    if (notRun)
        parts.push(`${notRun} not run`);
    return parts.join(', ');
}
/** `**support** v2.0` over `` `openai:gpt-4o` ``: two lines, names unbroken. */
function suiteLabel(row) {
    const name = `**${nameText(row.id)}** ${nameText(row.version, 40)}`;
    let note = row.change && row.change !== 'modified' && row.change !== 'unchanged' ? CHANGE_LABEL[row.change] : '';
    if (row.change === 'new-version' && row.baseVersion)
        note = `was ${nameText(row.baseVersion, 40)}`;
    if (row.change === 'renamed' && row.basePath)
        note = `renamed from ${escapeInline(row.basePath, 120)}`;
    const model = row.model ? modelName(row, true) : '';
    return `${name}${note ? ` \u00b7 <sub>${note}</sub>` : ''}${model ? `<br>${model}` : ''}`;
}
/**
 * No-break spaces in a figure cell ("$1.40 \u2192 $1.55", "119 \u2192 82 ms"): a pair of figures is one
 * line, never "$1.40 \u2192" over "$1.55", and a unit stays with its number (seen in rendered comments).
 */
function keepFiguresTogether(cell) {
    return cell.replace(/ (?=\u2192|ms\b|s\b)|(?<=\u2192) /g, '\u00a0');
}
/**
 * The one table: a row per folder \u00d7 model, failing rows first (then rows that did not run), each
 * group in run order. Pass rate base \u2192 head with its one delta, cost per 1,000 runs and p95
 * latency base \u2192 head, and the head's counts.
 */
function suitesTable(results) {
    const rows = rowsOf(results)
        .map((row, index) => ({ row, index, state: stateOf(row) }))
        .sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.index - b.index);
    const header = `| | Prompt, model | Pass rate | Cost / 1k runs | p95 latency | Passed |\n|---|---|---|---|---|---|`;
    const lines = rows.map(({ row, state }) => {
        const base = row.comparison?.base;
        const cells = [
            ICON[state],
            suiteLabel(row),
            keepFiguresTogether(passRateCell(row, results.threshold)),
            keepFiguresTogether(perRunCell(row.head, base, (s) => perTest(s).costPer1kRuns, formatUsd)),
            keepFiguresTogether(latencyCell(row.head, base)),
            countsCell(row.head),
        ];
        return `| ${cells.join(' | ')} |`;
    });
    return [header, ...lines].join('\n');
}

function changeOf(test) {
    return {
        name: test.name,
        ...(test.line !== undefined ? { line: test.line } : {}),
        head: test.status,
        failedChecks: test.checks.filter((check) => !check.passed),
        error: test.error,
        output: test.output,
    };
}
/** `matrix`: the paths of folders that run a `models:` matrix (their lists name the model). */
function listed(suite, matrix) {
    return {
        id: suite.id,
        version: suite.version,
        path: suite.path,
        model: suite.model,
        ...(matrix.has(suite.path) ? { provider: suite.provider } : {}),
        ...(suite.testsFile ? { testsFile: suite.testsFile } : {}),
    };
}
function notPassing(suite, matrix, note) {
    return suite.tests
        .filter((test) => test.status !== 'passed')
        .map((test) => ({ suite: listed(suite, matrix), test: changeOf(test), result: test, ...(note ? { note } : {}) }));
}
function baseSuiteOf(results, comparison) {
    const path = comparison.basePath ?? comparison.path;
    const bases = results.base?.suites.filter((suite) => suite.path === path) ?? [];
    // A models: matrix has one base suite per model: the same model's.
    return bases.find((suite) => suite.model === comparison.model && suite.provider === comparison.provider) ?? bases[0];
}
function groupTests(results) {
    const groups = {
        compared: results.comparison !== undefined,
        newlyFailing: [],
        newlyErroring: [],
        withoutBase: [],
        stillFailed: [],
        stillErrored: [],
        newlyPassing: [],
        added: [],
        removed: [],
    };
    const matrix = matrixPaths(results);
    if (!groups.compared) {
        for (const suite of results.suites) {
            for (const item of notPassing(suite, matrix))
                (item.test.head === 'error' ? groups.newlyErroring : groups.newlyFailing).push(item);
        }
        return groups;
    }
    for (const suite of results.suites) {
        const comparison = comparisonFor(results, suite);
        if (!comparison?.base || didNotRun(comparison.base)) {
            const note = !comparison?.base ? 'new folder' : 'base not run';
            groups.withoutBase.push(...notPassing(suite, matrix, note));
            continue;
        }
        const headTests = new Map();
        for (const test of suite.tests)
            if (!headTests.has(test.name) || test.status !== 'passed')
                headTests.set(test.name, test);
        const baseTests = new Map(baseSuiteOf(results, comparison)?.tests.map((test) => [test.name, test]));
        const item = (test) => {
            const result = headTests.get(test.name);
            return { suite: listed(suite, matrix), test, ...(result ? { result } : {}) };
        };
        // A base test that never ran is no result to flip from: its head failures are listed apart.
        const ranOnBase = (test) => !isNotRun(baseTests.get(test.name));
        const split = (tests, into) => {
            for (const test of tests) {
                if (ranOnBase(test))
                    into.push(item(test));
                else if (test.head !== 'passed')
                    groups.withoutBase.push({ ...item(test), note: 'not run on the base' });
            }
        };
        split(comparison.newlyFailing, groups.newlyFailing);
        split(comparison.newlyErroring, groups.newlyErroring);
        split(comparison.newlyPassing, groups.newlyPassing);
        split(comparison.stillFailing.filter((t) => t.head === 'failed'), groups.stillFailed);
        split(comparison.stillFailing.filter((t) => t.head !== 'failed'), groups.stillErrored);
        groups.added.push(...comparison.addedTests.map(item));
    }
    for (const comparison of results.comparison?.suites ?? []) {
        const suite = { id: comparison.id, version: comparison.version, path: comparison.path };
        for (const test of comparison.removedTests)
            groups.removed.push({ suite, test });
    }
    return groups;
}

function testLink(context, testsFile, test) {
    const name = nameCode(test.name, { maxLength: 120 });
    if (!context.repositoryUrl || !context.headSha || !testsFile || test.line === undefined)
        return name;
    return `[${name}](${context.repositoryUrl}/blob/${context.headSha}/${encodeURI(testsFile).replace(/#/g, '%23')}#L${test.line})`;
}
/** `**support** v2.0`; the model is named apart (a folder's tests may fail on several). */
function suiteName(suite) {
    return `**${nameText(suite.id)}** ${nameText(suite.version, 40)}`;
}
/** What the providers tell about an answer, and its tool calls with their arguments. */
function answerNotes(item) {
    const notes = [];
    const result = item.result;
    if (item.note)
        notes.push(escapeInline(item.note, 80));
    if (result?.finishReason && result.finishReason !== 'stop' && result.finishReason !== 'tool_calls')
        notes.push(`finish: ${escapeInline(result.finishReason, 40)}`);
    if (result?.servedModel && item.suite.model && result.servedModel !== item.suite.model)
        notes.push(`served by ${escapeInline(result.servedModel, 80)}`);
    const flaky = flakyMark(result);
    if (flaky)
        notes.push(flaky);
    if (result?.toolCalls?.length)
        notes.push(`called ${toolCallsText(result)}`);
    return notes;
}
function detailOf(item, detail) {
    const { test } = item;
    const checks = test.failedChecks ?? [];
    if (detail === 'checks' && checks.length > 0)
        return describeChecks(checks);
    if (detail !== 'none' && test.error)
        return escapeInline(test.error.split('\n')[0] ?? '', 300);
    return '';
}
/** Groups items by folder, failure and notes, then by the set of models each test fails on. */
function clusterItems(items, detail) {
    const byTest = new Map();
    for (const item of items) {
        const text = detailOf(item, detail);
        const notes = answerNotes(item);
        const key = JSON.stringify([item.suite.path, item.test.name, text, notes]);
        const entry = byTest.get(key);
        if (entry)
            entry.models.push(item.suite);
        else
            byTest.set(key, { first: item, models: [item.suite], detail: text, notes });
    }
    const clusters = new Map();
    for (const { first, models, detail: text, notes } of byTest.values()) {
        const matrix = models.filter((model) => model.provider !== undefined);
        const key = JSON.stringify([first.suite.path, text, notes, matrix.map((m) => `${m.provider}:${m.model}`)]);
        const cluster = clusters.get(key);
        const required = first.result?.required === true;
        if (cluster) {
            cluster.items.push(first);
            cluster.required ||= required;
        }
        else
            clusters.set(key, { suite: first.suite, models: matrix, items: [first], detail: text, notes, required });
    }
    // Required tests first, then the widest failures.
    return [...clusters.values()].sort((a, b) => Number(b.required) - Number(a.required) || b.items.length * (b.models.length || 1) - a.items.length * (a.models.length || 1));
}
function clusterLine(cluster, context) {
    const { items, models } = cluster;
    const link = (item) => testLink(context, item.suite.testsFile, item.test);
    const on = models.length > 0 ? ` on ${models.map((model) => modelName(model)).join(', ')}` : '';
    const required = cluster.required ? ' (required)' : '';
    const notes = cluster.notes.length > 0 ? ` \u00b7 ${cluster.notes.join(' \u00b7 ')}` : '';
    const detail = cluster.detail ? `: ${cluster.detail}` : '';
    if (items.length === 1)
        return `- ${suiteName(cluster.suite)} \u00b7 ${link(items[0])}${required}${on}${notes}${detail}`;
    const shown = context.namesShown ?? 3;
    const names = items.slice(0, shown).map(link).join(', ');
    const more = items.length > shown ? ` and ${items.length - shown} more` : '';
    return `- ${suiteName(cluster.suite)} \u00b7 ${plural(items.length, 'test')}${required}${on}${notes}${detail} \u2014 ${names}${more}`;
}
/** How many tests (test \u00d7 model) a list of clusters holds. */
function testCount(clusters) {
    return clusters.reduce((sum, cluster) => sum + cluster.items.length * (cluster.models.length || 1), 0);
}
/**
 * The list: `open` lines shown, the rest (up to `limit`) folded with a count, and past that a
 * line that says where the others are.
 */
function clusterList(clusters, context, open, limit) {
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
        parts.push(`_\u2026 and ${plural(left, 'more test')} (${context.moreHint ?? 'see the job summary or results.json'})._`);
    }
    return parts.filter(Boolean).join('\n\n');
}

/**
 * The evidence of a failing test, folded in the comment: the earlier turns of a conversation (in
 * a fold of their own), the input, the tool calls with their arguments, and the answer. A JSON
 * answer is pretty-printed with long strings wrapped to the comment's width (a code block that
 * scrolls sideways hides what matters past the edge), and each field a failed check reads is
 * marked by a `// \u2717` line above it. Prose is wrapped at spaces. Only the shown text is wrapped:
 * results.json keeps the answer as the model wrote it.
 */
/** Columns of a code block in the 836 px comment column (804 px of text, 13.6 px monospace). */
const CODE_COLUMNS = 88;
/** Characters of an output shown in its block. */
const OUTPUT_SHOWN = 2_000;
/**
 * Greedy wrap at spaces, in one pass (a regex here backtracked for seconds on long words); a word
 * longer than a line is cut. The first line may be narrower (`firstWidth`: it follows a key).
 */
function wrapWords(line, width, firstWidth = width) {
    const out = [];
    let current = '';
    const room = () => (out.length === 0 ? firstWidth : width);
    for (let word of line.split(/ +/)) {
        while (word.length > room()) {
            if (current !== '')
                out.push(current);
            const cut = room();
            out.push(word.slice(0, cut));
            word = word.slice(cut);
            current = '';
        }
        if (current !== '' && current.length + 1 + word.length > room()) {
            out.push(current);
            current = word;
        }
        else
            current = current === '' ? word : `${current} ${word}`;
    }
    out.push(current);
    return out;
}
/** Prose with every line longer than the block wrapped at spaces. */
function wrapProse(text, width = CODE_COLUMNS) {
    return text
        .split('\n')
        .map((line) => (line.length <= width ? line : wrapWords(line, width).join('\n')))
        .join('\n');
}
const pathOf = (parent, key) => typeof key === 'number' ? `${parent}[${key}]` : parent === '' ? key : `${parent}.${key}`;
/**
 * JSON, two-space indented, with strings too long for their line wrapped onto continuation
 * lines (indented under the key), and `marks` (field path \u2192 why) as `// \u2717` lines above fields.
 */
function prettyJson(value, marks, width = CODE_COLUMNS) {
    const lines = [];
    const emit = (node, indent, lead, path, comma) => {
        const mark = marks.get(path);
        if (mark !== undefined)
            lines.push(`${indent}// \u2717 ${mark}`);
        if (node !== null && typeof node === 'object') {
            const entries = Array.isArray(node) ? node.map((item, index) => [index, item]) : Object.entries(node);
            const [open, close] = Array.isArray(node) ? ['[', ']'] : ['{', '}'];
            if (entries.length === 0)
                return void lines.push(`${indent}${lead}${open}${close}${comma}`);
            lines.push(`${indent}${lead}${open}`);
            entries.forEach(([key, child], index) => {
                const childLead = typeof key === 'number' ? '' : `${JSON.stringify(key)}: `;
                emit(child, `${indent}  `, childLead, pathOf(path, key), index < entries.length - 1 ? ',' : '');
            });
            return void lines.push(`${indent}${close}${comma}`);
        }
        const text = JSON.stringify(node);
        const first = `${indent}${lead}`;
        if (typeof node !== 'string' || first.length + text.length + comma.length <= width)
            return void lines.push(`${first}${text}${comma}`);
        // A long string: its words wrapped, the first line after the key, the rest indented under it.
        const inner = text.slice(1, -1);
        const continuation = `${indent}  `;
        // Room for the closing quote and comma on the last line, and for the opening quote on the first.
        const words = wrapWords(inner, Math.max(20, width - continuation.length - 2), Math.max(10, width - first.length - 3));
        lines.push(`${first}"${words[0] ?? ''}`);
        words.slice(1).forEach((part, index) => lines.push(`${continuation}${part}${index === words.length - 2 ? `"${comma}` : ''}`));
        if (words.length === 1)
            lines[lines.length - 1] += `"${comma}`;
    };
    emit(value, '', '', '', '');
    return lines.join('\n');
}
/** The answer's text without the tool-call lines results.json `output` ends with. */
function answerText(result, output) {
    const calls = result?.toolCalls ?? [];
    if (calls.length === 0)
        return output;
    const shown = calls
        .map((call) => `${call.name}(${typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments)})`)
        .join('\n');
    return output.endsWith(shown) ? output.slice(0, output.length - shown.length).trimEnd() : output;
}
function marksOf(checks) {
    const marks = new Map();
    for (const check of checks) {
        const field = checkField(check);
        if (field !== undefined && !marks.has(field))
            marks.set(field, (check.message ?? `${check.name}, got ${JSON.stringify(check.actual)}`).slice(0, 160));
    }
    return marks;
}
/** The answer as a code block: JSON pretty-printed and marked, prose wrapped. */
function answerBlock(output, checks) {
    const shown = output.length > OUTPUT_SHOWN ? output.slice(0, OUTPUT_SHOWN) : output;
    const rest = output.length - shown.length;
    const trimmed = output.trim();
    if (output.length <= OUTPUT_SHOWN && (trimmed.startsWith('{') || trimmed.startsWith('['))) {
        const parsed = parseOutputJson(trimmed);
        if (parsed.ok)
            return codeBlock(prettyJson(parsed.value, marksOf(checks)), { lang: 'json', maxLength: OUTPUT_SHOWN * 2 });
    }
    const block = codeBlock(wrapProse(shown), { maxLength: OUTPUT_SHOWN * 2 });
    return rest > 0 ? `${block}\n_\u2026 (${plural(rest, 'more character')} in results.json)_` : block;
}
function turns(result) {
    const messages = result?.messages ?? [];
    if (messages.length === 0)
        return '';
    const body = messages.map(turnLine).join('\n>\n');
    return `<details><summary>Earlier turns (${messages.length})</summary>\n\n${body}\n\n</details>`;
}
/** One earlier turn: a tool turn names its tool, an assistant turn shows the calls it made. */
function turnLine(turn) {
    const speaker = turn.role === 'tool' && turn.name ? `tool ${escapeInline(turn.name, 80)}` : turn.role;
    const calls = turn.toolCalls?.length ? ` ${toolCallsText(turn, 300)}` : '';
    return `> **${speaker}:** ${escapeInline(turn.content, 600)}${calls}`;
}
/** One failing test's evidence. */
function outputBlock(item) {
    const result = item.result;
    const checks = item.test.failedChecks ?? [];
    const model = item.suite.provider !== undefined ? ` \u00b7 ${modelName(item.suite)}` : '';
    const parts = [`${suiteName(item.suite)} \u00b7 ${nameCode(item.test.name)}${model}`];
    const conversation = turns(result);
    if (conversation)
        parts.push(conversation);
    if (result?.input !== undefined)
        parts.push(`Input: ${escapeInline(result.input, 300)}`);
    if (result?.toolCalls?.length) {
        const failed = checks.filter((check) => check.name.startsWith('tool ') || check.name === 'no tool called');
        parts.push(`Tool calls: ${toolCallsText(result, 300)}${failed.length > 0 ? ` \u2014 \u2717 ${failed.map(describeCheck).join('; ')}` : ''}`);
    }
    const text = answerText(result, item.test.output ?? '');
    if (text.trim() !== '')
        parts.push(answerBlock(text, checks));
    return parts.join('\n\n');
}
function hasOutput(item) {
    return !!item.test.output || (item.result?.toolCalls?.length ?? 0) > 0;
}
/** The folded outputs, `limit` of them; the summary line says how many are shown and left out. */
function outputsDetails(items, limit, leftOutHint, total = items.length) {
    const shown = items.slice(0, limit);
    // An answer given word for word by several tests is shown once, under the first of them.
    const byText = new Map();
    const entries = [];
    for (const item of shown) {
        const text = item.test.output ?? '';
        const entry = text === '' ? undefined : byText.get(text);
        if (entry)
            entry.same.push(item);
        else {
            const fresh = { item, same: [] };
            if (text !== '')
                byText.set(text, fresh);
            entries.push(fresh);
        }
    }
    const blocks = entries.map(({ item, same }) => {
        if (same.length === 0)
            return outputBlock(item);
        const named = (other) => `${nameCode(other.test.name)}${other.suite.provider !== undefined ? ` on ${modelName(other.suite)}` : ''}`;
        const more = same.length > 5 ? ` and ${same.length - 5} more` : '';
        return `${outputBlock(item)}\n\n_The same answer for ${same.slice(0, 5).map(named).join(', ')}${more}._`;
    });
    const leftOut = total - shown.length;
    const title = leftOut > 0
        ? `Model outputs of failing tests (${shown.length} of ${total} shown, ${leftOut} left out)`
        : `Model outputs of failing tests (${total})`;
    if (leftOut > 0)
        blocks.push(`_${plural(leftOut, 'more output')} left out: ${leftOutHint}._`);
    return `<details><summary>${title}</summary>\n\n${blocks.join('\n\n')}\n\n</details>`;
}

/**
 * The reviewer's report as Markdown, in its two GitHub sinks: the sticky PR comment
 * (renderComment) and the job summary (renderJobSummary). Pure: results in, text out.
 * Everything that came from a model or the repository passes through the markdown escapers,
 * so it cannot break the layout, ping people, link issues, inject HTML or forge the marker;
 * fit.ts then keeps the whole within GitHub's limit for the sink.
 */
/** The hidden marker that finds the sticky comment again; a key keeps several steps apart. */
function commentMarker(key) {
    return `<!-- promptgate:report${key ? `:${key}` : ''} -->`;
}
const TRUNCATION_NOTE = "> [!NOTE]\n> Some details were left out to fit GitHub's comment size limit; the job summary and results.json have all of them.";
const SUMMARY_TRUNCATION_NOTE = "> [!NOTE]\n> Some details were left out to fit GitHub's 1 MiB job summary limit; results.json has all of them.";
function details(summary, body, open = false) {
    return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
function cancelledNote(results) {
    const tests = results.suites.flatMap((suite) => suite.tests);
    const cut = tests.filter(isCancelled).length;
    const finished = tests.filter((test) => test.status !== 'error' || test.output !== null).length;
    return (`The job was cancelled before every test ran. Kept: ${plural(finished, 'answered test run')}, in results.json and the recordings` +
        `${cut ? `; ${plural(cut, 'test run')} that had not finished ${cut === 1 ? 'is' : 'are'} errored as "cancelled" and count${cut === 1 ? 's' : ''} against the pass rate` : ''}.`);
}
/** List items a reviewer sees in the comment without opening anything (the issue's ten seconds). */
const OPEN_LIST_ITEMS = 15;
/** A list of reasons, the first `open` shown and the rest folded with a count. */
function foldedList(lines, open, what) {
    if (lines.length <= open)
        return lines.join('\n');
    const shown = Math.max(0, open - 1);
    return `${lines.slice(0, shown).join('\n')}\n\n<details><summary>${plural(lines.length - shown, what)} more</summary>\n\n${lines.slice(shown).join('\n')}\n\n</details>`;
}
function take(budget, wanted, cap = wanted) {
    const open = Math.min(wanted, cap, Math.max(0, budget.left));
    budget.left -= open;
    return open;
}
function reasonList(lines, runWide, budget, what) {
    const items = [...lines.map(reasonItem), ...runWide.map((reason) => `- ${reason}`)];
    if (items.length === 0)
        return '';
    const open = items.length <= 6 ? take(budget, items.length) : take(budget, 5) + 1;
    if (open >= items.length)
        return items.join('\n');
    return foldedList(items, open, what);
}
function verdict(results, context, budget) {
    // A `models:` matrix runs one folder as several suites: count folders, not suites.
    const folders = new Set(results.suites.map((suite) => suite.path)).size;
    const models = new Set(results.suites.map((suite) => `${suite.provider}:${suite.model}`)).size;
    const cancelled = results.cancelled === true;
    if (!cancelled && folders === 0 && results.changedPrompts.length === 0 && results.gate.passed) {
        return '### \u2705 promptgate: no prompt changed\n\nThis change touches no prompt folder, so there is nothing to test.';
    }
    // Tests, and runs when tests repeat: the calls behind them are counted in the notes (calls).
    const runs = results.suites.reduce((sum, suite) => sum + suite.tests.reduce((count, test) => count + (test.runs?.length ?? 1), 0), 0);
    const tests = `${plural(results.summary.total, 'test')}${runs > results.summary.total ? ` (${plural(runs, 'run')})` : ''}`;
    const report = context.reportUrl ? ` \u00b7 [HTML report](${context.reportUrl})` : '';
    const where = `${plural(folders, 'prompt folder')}${models > 1 ? ` \u00b7 ${plural(models, 'model')}` : ''} \u00b7 ${tests} \u00b7 threshold ${formatPercent(results.threshold, 0)} per folder${report}`;
    const reasons = gateReasonLines(results);
    const blocking = reasonList(reasons.suites, reasons.runWide, budget, 'reason');
    if (cancelled)
        return `### \u23f9\ufe0f promptgate: run cancelled\n\n${cancelledNote(results)}\n\n${where}${blocking ? `\n\n${blocking}` : ''}`;
    const notes = reasonList(reasons.notes, [], budget, 'note');
    const notBlocking = notes ? `\n\nNot blocking:\n\n${notes}` : '';
    if (results.gate.passed)
        return `### \u2705 promptgate: gate passed\n\n${where}${notBlocking}`;
    return `### \u274c promptgate: merge blocked\n\n${where}\n\n${blocking}${notBlocking}`;
}
/** How every request was answered (results.json `calls`): the same sentence as the console's. */
function sourceNote(results, kept) {
    const calls = results.calls && describeCalls(results.calls);
    const advice = keepAnswersAdvice(results.calls, results.changedPrompts, kept, {
        code: (text) => inlineCode(text, { maxLength: 300 }),
        text: (text) => escapeInline(text, 300),
    });
    return [calls ? `${escapeInline(calls, 600)}.` : '', advice ?? ''].filter(Boolean).join(' ');
}
function openList(title, items, detail, context, budget, importance) {
    const clusters = clusterItems(items, detail);
    const heading = `#### ${title} (${plural(testCount(clusters), 'test')})\n\n`;
    // A list that does not fit what is left open shows five lines at most and folds the rest.
    const open = clusters.length <= budget.left ? take(budget, clusters.length) : take(budget, 5);
    return {
        importance,
        text: heading + clusterList(clusters, context, open, context.limit),
        short: heading + clusterList(clusters, context, Math.min(open, 5), 5),
    };
}
function foldedSection(title, items, detail, context, open = false) {
    const clusters = clusterItems(items, detail);
    const summary = `${title} (${plural(testCount(clusters), 'test')})`;
    return details(summary, clusterList(clusters, context, context.limit, context.limit), open);
}
function testSections(results, sinkContext, sink, budget) {
    const context = {
        ...sinkContext,
        moreHint: sink === 'comment' ? 'see the job summary, the HTML report or results.json' : 'see results.json',
        limit: sinkContext.maxTestsPerList ?? (sink === 'summary' ? 200 : 25),
        namesShown: sink === 'summary' ? 50 : 3,
    };
    const groups = groupTests(results);
    const sections = [];
    const { compared } = groups;
    if (groups.newlyFailing.length > 0)
        sections.push(openList(compared ? 'Newly failing' : 'Failing', groups.newlyFailing, 'checks', context, budget, 2));
    if (groups.newlyErroring.length > 0)
        sections.push(openList(compared ? 'Newly erroring, no answer to judge' : 'Errors, no answer to judge', groups.newlyErroring, 'error', context, budget, 2));
    if (groups.withoutBase.length > 0)
        sections.push(openList('Not passing, no base result to compare with', groups.withoutBase, 'checks', context, budget, 2));
    if (groups.stillFailed.length > 0)
        sections.push({ importance: 3, text: foldedSection('Still failing, as on the base', groups.stillFailed, 'checks', context) });
    if (groups.stillErrored.length > 0)
        sections.push({ importance: 3, text: foldedSection('Still erroring, as on the base', groups.stillErrored, 'error', context) });
    if (groups.newlyPassing.length > 0)
        sections.push({ importance: 4, text: foldedSection('Newly passing', groups.newlyPassing, 'none', context) });
    if (groups.added.length > 0) {
        const addedFailing = groups.added.filter((item) => item.test.head !== 'passed').length;
        const title = `New tests${addedFailing ? `, ${addedFailing} not passing` : ''}`;
        sections.push({
            importance: addedFailing ? 2 : 4,
            text: foldedSection(title, groups.added, 'checks', context, addedFailing > 0 && sink === 'summary'),
        });
    }
    if (groups.removed.length > 0)
        sections.push({ importance: 4, text: foldedSection('Removed tests', groups.removed, 'none', context) });
    if (context.includeOutputs !== false) {
        const failing = [...groups.newlyFailing, ...groups.withoutBase, ...groups.added].filter((item) => item.test.head === 'failed' && hasOutput(item));
        // The comment shows one output per way of failing (the first test of each group); the summary all.
        const shown = sink === 'comment' ? clusterItems(failing, 'checks').map((cluster) => cluster.items[0]) : failing;
        if (shown.length > 0) {
            const hint = sink === 'comment' ? 'the job summary and the HTML report show every one' : 'results.json has all of them';
            const limit = sink === 'comment' ? 8 : context.limit;
            const total = failing.length;
            sections.push({ importance: 5, text: outputsDetails(shown, limit, hint, total), short: outputsDetails(shown, 5, hint, total) });
        }
    }
    return sections;
}
function footer(results, context, sink) {
    const parts = [
        `promptgate ${escapeInline(results.tool.version, 20)}`,
        context.headSha ? `commit ${inlineCode(context.headSha.slice(0, 7))}` : '',
        results.base ? `base ${inlineCode(results.base.ref.slice(0, 7))}` : '',
        // The job summary is on the run page: a link there would point at itself.
        sink === 'comment' && context.runUrl ? `[full report in the job summary](${context.runUrl})` : '',
        context.reportUrl ? `[HTML report in the run's artifacts](${context.reportUrl})` : '',
    ].filter(Boolean);
    return `<sub>${parts.join(' \u00b7 ')}</sub>`;
}
function buildSections(results, context, sink) {
    const budget = { left: sink === 'comment' ? OPEN_LIST_ITEMS : Infinity };
    const sections = [];
    if (sink === 'comment' && context.marker)
        sections.push({ importance: 0, text: context.marker });
    sections.push({ importance: 0, text: verdict(results, context, budget) });
    if (results.suites.length > 0 || results.comparison?.suites.length)
        sections.push({ importance: 0, text: suitesTable(results) });
    const chance = chanceSection(results);
    if (chance)
        sections.push({ importance: 1, text: chance });
    const perModel = modelDetails(results, sink === 'summary');
    if (perModel)
        sections.push({ importance: 1, text: perModel });
    const notes = [sourceNote(results, context.kept), ...results.notices.map((notice) => escapeInline(notice, 400))].filter(Boolean);
    if (notes.length > 0)
        sections.push({ importance: 1, text: notes.map((note) => `> ${note}`).join('\n>\n') });
    if (results.diagnostics.length > 0) {
        const limit = context.maxTestsPerList ?? 25;
        const lines = results.diagnostics
            .slice(0, limit)
            .map((d) => `- ${inlineCode(`${d.file}${d.line ? `:${d.line}` : ''}`, { maxLength: 200 })}: ${escapeInline(d.field ? `${d.field}: ${d.message}` : d.message, 300)}`);
        if (results.diagnostics.length > limit)
            lines.push(`- \u2026 and ${plural(results.diagnostics.length - limit, 'more problem')} (see results.json)`);
        const open = take(budget, lines.length, 5);
        sections.push({ importance: 1, text: `**Input problems**\n\n${foldedList(lines, Math.max(open, 1), 'problem')}` });
    }
    sections.push(...testSections(results, context, sink, budget));
    sections.push({ importance: 0, text: footer(results, context, sink) });
    return sections;
}
function render(results, context, sink, limit, unit, note) {
    return fitToLimit(buildSections(results, context, sink).map((section) => ({
        priority: 5 - section.importance,
        full: section.text,
        ...(section.short !== undefined ? { short: section.short } : {}),
        required: section.importance === 0,
    })), { limit, unit, note }).body;
}
/**
 * The sticky PR comment, within GitHub's 65,536 characters: when the report does not fit, the
 * least important sections are shortened, then dropped (raw outputs first), and a note says
 * so. The marker, verdict, table and footer always stay.
 */
function renderComment(results, context = {}) {
    return render(results, context, 'comment', context.maxLength ?? COMMENT_BUDGET, 'chars', TRUNCATION_NOTE);
}
/**
 * The job summary: the same report with longer lists, within GitHub's 1 MiB counted in UTF-8
 * bytes (multi-byte model output fills it three or four times faster than its length says).
 * No marker, and no link to the run page it is shown on.
 */
function renderJobSummary(results, context = {}) {
    return render(results, context, 'summary', context.maxLength ?? SUMMARY_BYTE_BUDGET, 'utf8-bytes', SUMMARY_TRUNCATION_NOTE);
}

export { OPEN_LIST_ITEMS, SUMMARY_TRUNCATION_NOTE, TRUNCATION_NOTE, commentMarker, renderComment, renderJobSummary };
