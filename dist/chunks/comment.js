import { F as cutAt, H as didNotRun, I as escapeInline, z as suitesByPath, J as formatPointsDelta, K as formatInteger, L as formatRelativeChange, M as inlineCode, A as verdictOf, g as formatPercent, h as formatUsd, N as formatMs, O as perTest, Q as comparisonLookup, R as plural, S as codeBlock, i as isNotRun, T as flakyNote, V as commentVerdictSection, W as describeCalls, X as keepAnswersAdvice, Y as isCancelled } from './engine.js';
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
 * The row's mark, from the gate's verdict of its suite: blocking (\u274c, or \u23f8\ufe0f when it is blocked
 * because nothing ran), failing without blocking (\u26a0\ufe0f: a candidate model, or failures already
 * on the base under block-on: regressions), passed (\u2705). A results file written before verdicts
 * existed has none: its rows get no mark rather than one this renderer made up.
 */
function stateOf(row) {
    if (row.change === 'removed')
        return 'removed';
    const { verdict } = row;
    if (!verdict)
        return 'unjudged';
    if (verdict.reasons.length > 0)
        return didNotRun(row.head) ? 'not-run' : 'failing';
    return verdict.passed ? 'passing' : 'noted';
}
const ICON = { failing: '\u274c', 'not-run': '\u23f8\ufe0f', noted: '\u26a0\ufe0f', removed: '\ud83d\uddd1\ufe0f', passing: '\u2705', unjudged: '\u00b7' };

/**
 * The model matrix of a folder with `models:`: one row per model (pass rate, tokens per test,
 * cost per 1,000 runs, p95, each base \u2192 head) and, with `traffic_per_day:`, the cost per month
 * of each model \u2014 the table a team picks a model from. Pure: results in, Markdown out; model
 * names and paths come from the repository and pass through the escapers.
 */
/** A month in the projection: 30 days, said in the footnote. */
const DAYS_PER_MONTH = 30;
/** `provider:model` as a code span (the name is the repository's text). */
function modelCell(ref) {
    return inlineCode(`${ref.provider ?? ''}:${ref.model ?? ''}`, { maxLength: 80, table: true });
}
/** Folders that run more than one model on either side, with one row per model. */
function matrixFolders(results) {
    const headByPath = suitesByPath(results.suites);
    const comparedByPath = new Map();
    for (const row of results.comparison?.suites ?? []) {
        if (row.model === undefined)
            continue;
        comparedByPath.set(row.path, [...(comparedByPath.get(row.path) ?? []), row]);
    }
    const paths = new Set([...[...headByPath].filter(([, group]) => group.length > 1).map(([path]) => path), ...comparedByPath.keys()]);
    return [...paths].map((path) => {
        const heads = headByPath.get(path) ?? [];
        const compared = comparedByPath.get(path);
        const first = heads[0] ?? compared?.[0];
        const trafficPerDay = heads.find((suite) => suite.trafficPerDay !== undefined)?.trafficPerDay;
        const verdict = (provider, model) => {
            const found = verdictOf(results.gate, { path, provider, model });
            return found ? { verdict: found } : {};
        };
        const rows = compared
            ? compared.map((row) => ({
                provider: row.provider ?? '',
                model: row.model ?? '',
                ...(row.change !== 'removed' ? verdict(row.provider ?? '', row.model ?? '') : {}),
                ...(row.head ? { head: row.head } : {}),
                ...(row.base ? { base: row.base } : {}),
                change: row.change,
                passRateDelta: row.delta.passRate,
            }))
            : heads.map((suite) => ({
                provider: suite.provider,
                model: suite.model,
                head: suite.summary,
                passRateDelta: null,
                ...verdict(suite.provider, suite.model),
            }));
        return { path, id: first?.id ?? '', version: first?.version ?? '', ...(trafficPerDay !== undefined ? { trafficPerDay } : {}), rows };
    });
}
function passRate(summary, threshold) {
    if (!summary)
        return '\u2014';
    if (summary.passRate === null)
        return 'not run';
    const text = formatPercent(summary.passRate);
    return summary.passRate < threshold ? `**${text}**` : text;
}
/** `base \u2192 head (change)`; a model new on the head shows `new \u2192`, one dropped `\u2192 removed`. */
function sides(row, show, change) {
    const suffix = change ? ` (${change})` : '';
    if (row.change === 'added')
        return `new \u2192 ${show(row.head)}`;
    if (row.change === 'removed')
        return `${show(row.base)} \u2192 removed`;
    if (!row.base)
        return show(row.head);
    return `${show(row.base)} \u2192 ${show(row.head)}${suffix}`;
}
/** A per-answered-run figure of a side; `\u2014` when nothing was answered, `unknown` for an unknown price. */
function figure(pick, show) {
    return (summary) => {
        if (!summary)
            return '\u2014';
        const value = pick(summary);
        if (value !== null)
            return show(value);
        return summary.passed + summary.failed > 0 ? 'unknown' : '\u2014';
    };
}
const tokensPerTest = (summary) => perTest(summary).tokens;
const costPer1k = (summary) => perTest(summary).costPer1kRuns;
const p95 = (summary) => summary.latencyMs.p95;
function relative(row, pick) {
    if (!row.head || !row.base)
        return '';
    return formatRelativeChange(pick(row.head), pick(row.base));
}
/** The gate's verdict of the model, as the folder table marks it (stateOf, suite-table.ts). */
function icon(row) {
    return ICON[stateOf(row)];
}
function matrixTable(folder, threshold) {
    const lines = [
        '| | Model | Pass rate | Tokens / test | Cost / 1k runs | p95 latency |',
        '|---|---|---|---|---|---|',
        ...folder.rows
            .map((row) => [
            icon(row),
            modelCell(row),
            sides(row, (summary) => passRate(summary, threshold), row.passRateDelta !== null ? formatPointsDelta(row.passRateDelta) : ''),
            sides(row, figure(tokensPerTest, formatInteger), relative(row, tokensPerTest)),
            sides(row, figure(costPer1k, formatUsd), relative(row, costPer1k)),
            sides(row, figure(p95, formatMs), relative(row, p95)),
        ].join(' | '))
            .map((cells) => `| ${cells} |`),
    ];
    return lines.join('\n');
}
/** Cost of a month of traffic: cost per answered run \u00d7 runs a day \u00d7 DAYS_PER_MONTH. */
function monthlyCost(summary, trafficPerDay) {
    const per1k = summary ? perTest(summary).costPer1kRuns : null;
    return per1k === null ? null : (per1k / 1000) * trafficPerDay * DAYS_PER_MONTH;
}
/** Whole dollars from $100 up: a monthly figure is read to the dollar, not the cent. */
function formatMonthly(value) {
    return value >= 100 ? `$${formatInteger(value)}` : formatUsd(value);
}
function projectionTable(folder, traffic, threshold) {
    const month = (summary) => {
        if (!summary)
            return '\u2014';
        const cost = monthlyCost(summary, traffic);
        if (cost !== null)
            return `${formatMonthly(cost)}/mo`;
        return summary.passed + summary.failed > 0 ? 'unknown' : '\u2014';
    };
    const lines = [
        `**Projected cost at ${formatInteger(traffic)} runs a day**`,
        '',
        '| Model | Pass rate | Cost / month |',
        '|---|---|---|',
        ...folder.rows.map((row) => {
            const change = row.head && row.base ? formatRelativeChange(monthlyCost(row.head, traffic), monthlyCost(row.base, traffic)) : '';
            return `| ${modelCell(row)} | ${row.change === 'removed' ? 'removed' : passRate(row.head, threshold)} | ${sides(row, month, change)} |`;
        }),
        '',
        `<sub>A month is ${DAYS_PER_MONTH} days: cost per answered test \u00d7 ${formatInteger(traffic)} (\`traffic_per_day\`) \u00d7 ${DAYS_PER_MONTH}, at this run's token counts and prices.</sub>`,
    ];
    return lines.join('\n');
}
/** The matrix section of the comment, or '' when no folder runs more than one model. */
function renderModelMatrix(results) {
    const folders = matrixFolders(results);
    if (folders.length === 0)
        return '';
    return folders
        .map((folder) => {
        const title = `#### Models \u00b7 **${escapeInline(folder.id, 80)}** ${escapeInline(folder.version, 40)} \u00b7 ${escapeInline(folder.path, 160)}`;
        const parts = [title, matrixTable(folder, results.threshold)];
        if (folder.trafficPerDay !== undefined)
            parts.push(projectionTable(folder, folder.trafficPerDay, results.threshold));
        return parts.join('\n\n');
    })
        .join('\n\n');
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
    // A delta needs two sides that ran: "0.0% \u2192 100.0% (+100 pp)" against a side that never ran is a lie.
    const delta = baseRate !== null && headRate !== null ? headRate - baseRate : null;
    return `${baseText} \u2192 ${headText}${delta !== null ? ` (${formatPointsDelta(delta)})` : ''}`;
}
/**
 * `base \u2192 head (change)` for a per-run figure. A side with no answered run shows `\u2014`; a price
 * that is not known shows `unknown`, never `$0`.
 */
function perRunCell(head, base, figure, show) {
    const value = (summary) => (summary ? figure(summary) : null);
    const text = (summary) => {
        const v = value(summary);
        if (v !== null)
            return show(v);
        return summary && summary.passed + summary.failed > 0 ? 'unknown' : '\u2014';
    };
    const change = formatRelativeChange(value(head), value(base));
    const cell = base ? `${text(base)} \u2192 ${text(head)}` : text(head);
    return `${cell}${change ? ` (${change})` : ''}`;
}
function latencyCell(head, base) {
    const show = (summary) => (summary?.latencyMs.p95 != null ? formatMs(summary.latencyMs.p95) : '\u2014');
    if (!base)
        return show(head);
    return `${show(base)} \u2192 ${head ? show(head) : '\u2014'}`;
}
function countsCell(summary) {
    if (!summary)
        return '\u2014';
    if (didNotRun(summary))
        return `${summary.total} not run`;
    const notRun = summary.notRun;
    const parts = [`${summary.passed} passed`];
    if (summary.failed)
        parts.push(`${summary.failed} failed`);
    // Tests counted as not run are errors the engine set apart; show them under their own name.
    if (summary.errors - notRun > 0)
        parts.push(`${summary.errors - notRun} errored`);
    if (notRun)
        parts.push(`${notRun} not run`);
    return parts.join(', ');
}
function suiteLabel(row, showModel) {
    const name = `**${escapeInline(row.id, 80)}** ${escapeInline(row.version, 40)}`;
    let note = row.change ? CHANGE_LABEL[row.change] : '';
    if (row.change === 'new-version' && row.baseVersion)
        note = `new version, compared with ${escapeInline(row.baseVersion, 40)}`;
    if (row.change === 'renamed' && row.basePath)
        note = `renamed from ${escapeInline(row.basePath, 120)}`;
    const model = showModel && row.model ? ` \u00b7 ${modelCell(row)}` : '';
    return `${name}<br><sub>${escapeInline(row.path, 160)}${model}${note ? ` \u00b7 ${note}` : ''}</sub>`;
}
/**
 * A no-break space before a unit or a bracketed change, so a narrow column wraps at the arrow
 * ("500 ms \u2192" / "450 ms") and never between a figure and its unit (seen in rendered comments).
 * Tokens, cost and latency only: the pass-rate cell wraps well as it is, and other tools read it.
 */
function keepFiguresTogether(cell) {
    return cell.replace(/ (?=(?:ms|s|pp)\b|\()/g, '\u00a0');
}
/** The table, failing folders first (then folders that did not run), each group in run order. */
function suitesTable(results) {
    const rows = rowsOf(results)
        .map((row, index) => ({ row, index, state: stateOf(row) }))
        .sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.index - b.index);
    const compared = results.comparison !== undefined;
    // With `models:` one folder has several rows; the model tells them apart.
    const models = new Set(results.suites.map((suite) => suite.model));
    const showModel = models.size > 1;
    const header = `| | Prompt | ${compared ? 'Pass rate (base \u2192 head)' : 'Pass rate'} | Tokens / test | Cost / 1k runs | p95 latency | Tests |\n|---|---|---|---|---|---|---|`;
    const lines = rows.map(({ row, state }) => {
        const base = row.comparison?.base;
        const cells = [
            ICON[state],
            suiteLabel(row, showModel),
            passRateCell(row, results.threshold),
            perRunCell(row.head, base, (s) => perTest(s).tokens, formatInteger),
            perRunCell(row.head, base, (s) => perTest(s).costPer1kRuns, formatUsd),
            latencyCell(row.head, base),
            countsCell(row.head),
        ];
        return `| ${cells.map((cell, i) => (i >= 3 && i <= 5 ? keepFiguresTogether(cell) : cell)).join(' | ')} |`;
    });
    return [header, ...lines].join('\n');
}

/** A repeated test is one entry (its runs are in results.json); a flaky one says so. */
function displayName(test) {
    const note = flakyNote(test);
    return note ? `${test.name} [${note}]` : test.name;
}
function changeOf(test) {
    return {
        name: displayName(test),
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
    const matrix = new Set(matrixFolders(results).map((folder) => folder.path));
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
    const name = inlineCode(test.name, { maxLength: 120 });
    if (!context.repositoryUrl || !context.headSha || !testsFile || test.line === undefined)
        return name;
    return `[${name}](${context.repositoryUrl}/blob/${context.headSha}/${encodeURI(testsFile).replace(/#/g, '%23')}#L${test.line})`;
}
function describeCheck(check) {
    const value = (v) => inlineCode(typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'), { maxLength: 160 });
    const why = check.message ? ` \u2014 ${escapeInline(check.message, 300)}` : '';
    return `${escapeInline(check.name, 200)}: expected ${value(check.expected)}, got ${value(check.actual)}${why}`;
}
/** What the providers tell about an answer, when they tell it: a cut-off, another model. */
function answerNotes(item) {
    const notes = [];
    const result = item.result;
    if (result?.finishReason && result.finishReason !== 'stop' && result.finishReason !== 'tool_calls')
        notes.push(`finish: ${escapeInline(result.finishReason, 40)}`);
    if (result?.servedModel && item.suite.model && result.servedModel !== item.suite.model)
        notes.push(`served by ${escapeInline(result.servedModel, 80)}`);
    return notes;
}
function suiteName(suite) {
    const model = suite.provider !== undefined ? ` \u00b7 ${modelCell(suite)}` : '';
    return `${escapeInline(suite.id, 80)} ${escapeInline(suite.version, 40)}${model}`;
}
function testList(items, context, limit, detail) {
    const lines = [];
    for (const item of items.slice(0, limit)) {
        const { suite, test } = item;
        const flip = test.base && test.head ? ` (${test.base} \u2192 ${test.head})` : '';
        const extra = [item.note ?? '', ...answerNotes(item)].filter(Boolean);
        lines.push(`- ${suiteName(suite)} \u00b7 ${testLink(context, suite.testsFile, test)}${flip}${extra.length ? ` \u00b7 ${extra.join(' \u00b7 ')}` : ''}`);
        const checks = test.failedChecks ?? [];
        if (detail === 'checks')
            for (const check of checks.slice(0, 5))
                lines.push(`  - ${describeCheck(check)}`);
        if (detail === 'checks' && checks.length > 5)
            lines.push(`  - \u2026 and ${plural(checks.length - 5, 'more failed check')}`);
        if (detail === 'checks' && checks.length === 0 && test.error)
            lines.push(`  - error: ${escapeInline(test.error, 300)}`);
        if (detail === 'error' && test.error)
            lines.push(`  - ${escapeInline(test.error, 400)}`);
    }
    if (items.length > limit)
        lines.push(`- \u2026 and ${plural(items.length - limit, 'more test')} (${context.moreHint ?? 'see the job summary or results.json'})`);
    return lines.join('\n');
}
/** JSON output pretty-printed (a reviewer reads a nested object, not one long line); else as is. */
function outputBlock(item) {
    const toolCalls = item.result?.toolCalls;
    const text = item.test.output ?? '';
    if (toolCalls && toolCalls.length > 0 && text.trim() === '')
        return codeBlock(JSON.stringify(toolCalls, null, 2), { maxLength: OUTPUT_SHOWN, lang: 'json' });
    const trimmed = text.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        try {
            return codeBlock(JSON.stringify(JSON.parse(trimmed), null, 2), { maxLength: OUTPUT_SHOWN, lang: 'json' });
        }
        catch {
            // Not JSON after all (prose that starts with a bracket): shown as the model wrote it.
        }
    }
    const wrapped = wrapLongLines(text);
    return wrapped === text
        ? codeBlock(text, { maxLength: OUTPUT_SHOWN })
        : `${codeBlock(wrapped, { maxLength: OUTPUT_SHOWN })}\n_(long lines wrapped for reading)_`;
}
const WRAP_AT = 100;
/** Characters of an output shown in its block. */
const OUTPUT_SHOWN = 2_000;
/**
 * Prose answers come as one long line, which a code block shows in a box that scrolls
 * sideways (seen in the rendered comment): wrapped at spaces for reading. Only the shown
 * head is wrapped; results.json keeps the answer as the model wrote it.
 */
function wrapLongLines(text) {
    const head = text.length > OUTPUT_SHOWN ? text.slice(0, OUTPUT_SHOWN) : text;
    const lines = head.split('\n');
    if (!lines.some((line) => line.length > WRAP_AT + 20))
        return text;
    return lines.map((line) => (line.length <= WRAP_AT + 20 ? line : wrapLine(line))).join('\n') + text.slice(head.length);
}
/** Greedy wrap at spaces, in one pass (a regex here backtracked for seconds on long words). */
function wrapLine(line) {
    const out = [];
    let current = '';
    for (const word of line.split(/ +/)) {
        if (current !== '' && current.length + 1 + word.length > WRAP_AT) {
            out.push(current);
            current = word;
        }
        else
            current = current === '' ? word : `${current} ${word}`;
    }
    out.push(current);
    return out.join('\n');
}
function hasOutput(item) {
    return !!item.test.output || (item.result?.toolCalls?.length ?? 0) > 0;
}
/** The collapsed outputs, `limit` of them; the summary line says how many are shown and left out. */
function outputsDetails(items, limit, leftOutHint) {
    const shown = items.slice(0, limit);
    const blocks = shown.map((item) => `**${suiteName(item.suite)} \u00b7 ${escapeInline(item.test.name, 120)}**\n\n${outputBlock(item)}`);
    const leftOut = items.length - shown.length;
    const title = leftOut > 0
        ? `Model outputs of failing tests (${shown.length} of ${items.length} shown, ${leftOut} left out)`
        : `Model outputs of failing tests (${items.length})`;
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
function verdict(results) {
    // A `models:` matrix runs one folder as several suites: count folders, not suites.
    const folders = new Set(results.suites.map((suite) => suite.path)).size;
    const cancelled = results.cancelled === true;
    if (!cancelled && folders === 0 && results.changedPrompts.length === 0 && results.gate.passed) {
        return '### \u2705 promptgate: no prompt changed\n\nThis change touches no prompt folder, so there is nothing to test.';
    }
    // Tests, and runs when tests repeat: the calls behind them are counted in the notes (calls).
    const runs = results.suites.reduce((sum, suite) => sum + suite.tests.reduce((count, test) => count + (test.runs?.length ?? 1), 0), 0);
    const tests = `${plural(results.summary.total, 'test')}${runs > results.summary.total ? ` (${plural(runs, 'run')})` : ''}`;
    const where = `${plural(folders, 'prompt folder')} \u00b7 ${tests} \u00b7 threshold ${formatPercent(results.threshold, 0)} per folder`;
    const reasons = results.gate.reasons.map((reason) => `- ${escapeInline(reason, 400)}`).join('\n');
    if (cancelled)
        return `### \u23f9\ufe0f promptgate: run cancelled\n\n${cancelledNote(results)}\n\n${where}${reasons ? `\n\n${reasons}` : ''}`;
    const notes = (results.gate.notes ?? []).map((note) => `- ${escapeInline(note, 400)}`).join('\n');
    const notBlocking = notes ? `\n\nNot blocking:\n\n${notes}` : '';
    if (results.gate.passed)
        return `### \u2705 promptgate: gate passed\n\n${where}${notBlocking}`;
    return `### \u274c promptgate: merge blocked\n\n${where}\n\n${reasons}${notBlocking}`;
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
function listSection(importance, title, items, context, limit, detail) {
    return { importance, text: title + testList(items, context, limit, detail), short: title + testList(items, context, 5, detail) };
}
function testSections(results, sinkContext, sink) {
    const context = { ...sinkContext, moreHint: sink === 'comment' ? 'see the job summary or results.json' : 'see results.json' };
    const limit = context.maxTestsPerList ?? (sink === 'summary' ? 200 : 25);
    const groups = groupTests(results);
    const sections = [];
    const { compared } = groups;
    if (groups.newlyFailing.length > 0) {
        sections.push(listSection(2, `#### ${compared ? 'Newly failing' : 'Failing'} (${groups.newlyFailing.length})\n\n`, groups.newlyFailing, context, limit, 'checks'));
    }
    if (groups.newlyErroring.length > 0) {
        sections.push(listSection(2, `#### ${compared ? 'Newly erroring' : 'Errors'} (${groups.newlyErroring.length}) \u2014 no answer to judge\n\n`, groups.newlyErroring, context, limit, 'error'));
    }
    if (groups.withoutBase.length > 0) {
        sections.push(listSection(2, `#### Not passing, no base result to compare with (${groups.withoutBase.length})\n\n`, groups.withoutBase, context, limit, 'checks'));
    }
    if (groups.stillFailed.length > 0)
        sections.push({
            importance: 3,
            text: details(`Still failing (${groups.stillFailed.length}), as on the base`, testList(groups.stillFailed, context, limit, 'checks')),
        });
    if (groups.stillErrored.length > 0)
        sections.push({
            importance: 3,
            text: details(`Still erroring (${groups.stillErrored.length}), as on the base`, testList(groups.stillErrored, context, limit, 'error')),
        });
    if (groups.newlyPassing.length > 0)
        sections.push({
            importance: 4,
            text: details(`Newly passing (${groups.newlyPassing.length})`, testList(groups.newlyPassing, context, limit, 'none')),
        });
    if (groups.added.length > 0) {
        const addedFailing = groups.added.filter((item) => item.test.head !== 'passed').length;
        const summary = `New tests (${groups.added.length}${addedFailing ? `, ${addedFailing} not passing` : ''})`;
        sections.push({
            importance: addedFailing ? 2 : 4,
            text: details(summary, testList(groups.added, context, limit, 'checks'), addedFailing > 0),
        });
    }
    if (groups.removed.length > 0)
        sections.push({
            importance: 4,
            text: details(`Removed tests (${groups.removed.length})`, testList(groups.removed, context, limit, 'none')),
        });
    if (context.includeOutputs !== false) {
        const failing = [...groups.newlyFailing, ...groups.withoutBase, ...groups.added].filter((item) => item.test.head === 'failed' && hasOutput(item));
        if (failing.length > 0) {
            const hint = sink === 'comment' ? 'the job summary shows more, results.json has all' : 'results.json has all of them';
            sections.push({ importance: 5, text: outputsDetails(failing, limit, hint), short: outputsDetails(failing, 5, hint) });
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
    ].filter(Boolean);
    return `<sub>${parts.join(' \u00b7 ')}</sub>`;
}
function buildSections(results, context, sink) {
    const sections = [];
    if (sink === 'comment' && context.marker)
        sections.push({ importance: 0, text: context.marker });
    sections.push({ importance: 0, text: verdict(results) });
    if (results.suites.length > 0 || results.comparison?.suites.length)
        sections.push({ importance: 0, text: suitesTable(results) });
    const matrix = renderModelMatrix(results);
    if (matrix)
        sections.push({ importance: 1, text: matrix });
    const verdictSection = commentVerdictSection(results);
    if (verdictSection)
        sections.push({ importance: 1, text: verdictSection });
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
        sections.push({ importance: 1, text: `**Input problems**\n\n${lines.join('\n')}` });
    }
    sections.push(...testSections(results, context, sink));
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

export { SUMMARY_TRUNCATION_NOTE, TRUNCATION_NOTE, commentMarker, renderComment, renderJobSummary };
