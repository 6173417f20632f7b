import { ae as didNotRun, aj as perTest, a1 as suitesByPath, ar as K_OF_N_CHECK, aP as suiteLabeller, ah as comparisonLookup, A as plural, aO as formatPp, ai as formatUsd, a7 as formatMs, af as formatPercent, f as formatInteger, aN as formatInterval } from './engine.js';
import { e as escapeInline, i as inlineCode, a as escapeTableCell } from './markdown.js';

/**
 * Names in the comment \u2014 folder ids, model names, test names \u2014 that a browser never breaks
 * inside. GitHub drops `style` and `<nobr>`, so the text itself must hold together: a word
 * joiner (U+2060, invisible) after each hyphen and slash, where Chromium would otherwise wrap
 * `anthropic:claude-` / `haiku-4-5` (seen in the rendered comment), and no-break spaces in a
 * name short enough to sit on one line. Added after escaping (the escapers show a word joiner
 * that came with the text as <U+2060>); results.json keeps every name as written.
 */
const WORD_JOINER = '\u2060';
/** A name up to this long keeps its spaces unbroken; a longer one wraps between words. */
const ONE_LINE = 40;
function holdTogether(text, visibleLength) {
    const joined = text.replace(/([-/])(?=[^\s])/g, `$1${WORD_JOINER}`);
    return visibleLength <= ONE_LINE ? joined.replace(/ /g, '\u00a0') : joined;
}
/** A name as a code span that never breaks inside (a model, a test name). */
function nameCode(name, options = {}) {
    return holdTogether(inlineCode(name, { maxLength: options.maxLength ?? 120, ...(options.table ? { table: true } : {}) }), name.length);
}
/** A name as escaped text that never breaks inside (a folder id, a version). */
function nameText(name, maxLength = 80) {
    return holdTogether(escapeInline(name, maxLength), name.length);
}
/** `provider:model`, unbroken. */
function modelName(ref, table = false) {
    return nameCode(`${ref.provider ?? ''}:${ref.model ?? ''}`, { maxLength: 80, table });
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
 * The model matrix of a folder with `models:`: which folders run one (their lists name the
 * model each test failed on), and the cost of a month of traffic per model (`traffic_per_day:`).
 * The rows themselves are the folder \u00d7 model rows of the one table (suite-table.ts).
 */
/** A month in the projection: 30 days, said where the figure is shown. */
const DAYS_PER_MONTH = 30;
/** Paths of the folders that run more than one model on either side. */
function matrixPaths(results) {
    const paths = new Set([...suitesByPath(results.suites)].filter(([, group]) => group.length > 1).map(([path]) => path));
    for (const row of results.comparison?.suites ?? [])
        if (row.model !== undefined)
            paths.add(row.path);
    return paths;
}
/** Cost of a month of traffic: cost per answered run \u00d7 runs a day \u00d7 DAYS_PER_MONTH. */
function monthlyCost(summary, trafficPerDay) {
    const per1k = summary ? perTest(summary).costPer1kRuns : null;
    return per1k === null ? null : (per1k / 1000) * trafficPerDay * DAYS_PER_MONTH;
}

/**
 * How one check, and a flaky test, read in the comment: short, and said once. A repeated test's
 * k-of-n check is "0 of 3 runs passed, 2 needed" (not its name, expected, actual and message,
 * which say the same four times); a field check is "intent: expected `billing_issue`, got
 * `general_question`"; a check with a message says the message.
 */
/** The output field a check reads, from the names assertions.ts gives checks ("intent equals \u2026", "no "x" in reply"). */
function checkField(check) {
    const leading = /^([\w.[\]-]+) (?:equals|contains|matches|>=|<=) /.exec(check.name);
    const trailing = /^no .+ in ([\w.[\]-]+)$/.exec(check.name);
    const field = leading?.[1] ?? trailing?.[1];
    return field === undefined || field === 'output' ? undefined : field;
}
function value(v, maxLength) {
    return inlineCode(typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'), { maxLength });
}
/** One failed check in a line of Markdown (untrusted text escaped). */
function describeCheck(check) {
    if (check.name === K_OF_N_CHECK && check.message)
        return escapeInline(check.message, 120);
    const field = checkField(check);
    if (check.message) {
        const actual = typeof check.actual === 'string' ? check.actual : JSON.stringify(check.actual);
        // A tool check's actual is the calls, which the line shows with their arguments already.
        const toolCheck = check.name.startsWith('tool ') || check.name === 'no tool called';
        const shown = actual && actual.length <= 80 && !toolCheck && !check.message.includes(actual) ? `; got ${value(check.actual, 80)}` : '';
        return `${escapeInline(check.message, 240)}${shown}`;
    }
    const label = field ?? check.name;
    return `${escapeInline(label, 120)}: expected ${value(check.expected, 80)}, got ${value(check.actual, 80)}`;
}
/** The failed checks of a test, joined: at most `max`, then how many more. */
function describeChecks(checks, max = 3) {
    const shown = checks.slice(0, max).map(describeCheck);
    if (checks.length > max)
        shown.push(`${checks.length - max} more`);
    return shown.join('; ');
}
/** The one flaky mark: "\ud83c\udfb2 flaky, 2 of 3 runs passed". Undefined for a test whose runs agreed. */
function flakyMark(test) {
    if (!test?.flaky || !test.runs)
        return undefined;
    const passed = test.runs.filter((run) => run.status === 'passed').length;
    return `\ud83c\udfb2 flaky, ${passed} of ${test.runs.length} runs passed`;
}
/** The tool calls of an answer, with their arguments: `lookup_order({"order_id":"48231"})`. */
function toolCallsText(result, maxLength = 160) {
    const calls = result?.toolCalls ?? [];
    return calls.map((call) => inlineCode(`${call.name}(${JSON.stringify(call.arguments) ?? ''})`, { maxLength })).join(', ');
}

/** The folder \u00d7 model a line is about: `**id** version \u00b7 `provider:model``, names unbroken. */
function suiteTitle(suite, table = false) {
    return `**${nameText(suite.id)}** ${nameText(suite.version, 40)} \u00b7 ${modelName(suite, table)}`;
}
function lines(results, pick) {
    const out = [];
    for (const verdict of results.gate.suites ?? []) {
        const reasons = pick(verdict);
        if (reasons.length === 0)
            continue;
        const suite = results.suites.find((s) => s.path === verdict.path && s.provider === verdict.provider && s.model === verdict.model);
        const label = suite ? suiteTitle(suite) : `${escapeInline(verdict.path, 160)} \u00b7 ${modelName(verdict)}`;
        out.push({ label, reasons: reasons.map((reason) => escapeInline(reason, 400)) });
    }
    return out;
}
/** The gate's reasons named by suite, and the run-wide ones (raw sentences escaped). */
function gateReasonLines(results) {
    const { gate } = results;
    if (!gate.suites)
        return { suites: [], runWide: gate.reasons.map((reason) => escapeInline(reason, 400)), notes: [] };
    const label = suiteLabeller(results.suites);
    const named = new Set(gate.suites.flatMap((verdict) => verdict.reasons.map((reason) => `${label(verdict)}: ${reason}`)));
    const suites = lines(results, (verdict) => verdict.reasons);
    // Suites with a failing required test first, as the gate lists them.
    const requiredFirst = suites.filter((line) => line.reasons.some((reason) => reason.startsWith('required test')));
    return {
        suites: [...requiredFirst, ...suites.filter((line) => !requiredFirst.includes(line))],
        runWide: gate.reasons.filter((reason) => !named.has(reason)).map((reason) => escapeInline(reason, 400)),
        notes: lines(results, (verdict) => verdict.notes ?? []),
    };
}
/** A line of the list: `- label: reason; reason`. */
function reasonItem(line) {
    return `- ${line.label}: ${line.reasons.join('; ')}`;
}

/**
 * The paired comparison in a reviewer's words. The table's delta counts every test of each side;
 * the paired test (exact McNemar) counts only the tests that ran on both sides, so where those
 * are fewer the sentence says "on the N tests run on both sides" and gives its own delta. p is
 * said as how often chance alone makes a change this large; the test's name is in a footnote.
 * A real regression (the verdict `regression`) leads, in bold.
 */
const CHANCE_FOOTNOTE = '<sub>\u00b9 How often chance alone gives a change this large: p of the exact two-sided McNemar test over the tests run on both sides, each paired with itself on the base. Below 5% counts as real.</sub>';
/** "4%", "less than 0.1%", "0.4%", "nearly 100%": p as a share of the time. */
function chanceShare(p) {
    if (p < 0.001)
        return 'less than 0.1%';
    if (p < 0.01)
        return `${(p * 100).toFixed(1)}%`;
    if (p > 0.995)
        return 'nearly 100%';
    return `${Math.round(p * 100)}%`;
}
/** "a drop this large happens by chance 4% of the time". */
function chanceWords(deltaPp, p) {
    return `a ${deltaPp < 0 ? 'drop' : 'gain'} this large happens by chance ${chanceShare(p)} of the time`;
}
/** One sentence for a compared suite, or undefined when there is no change to weigh. */
function chanceSentence(suite, row) {
    const detail = row.verdictDetail;
    if (!detail || row.pValue == null || detail.deltaPp === null || Math.round(detail.deltaPp * 10) === 0)
        return undefined;
    const title = suiteTitle(suite);
    const fewer = detail.paired < (row.head?.total ?? 0) || detail.paired < (row.base?.total ?? 0);
    const where = fewer ? ` on the ${plural(detail.paired, 'test')} run on both sides` : '';
    const chance = `${chanceWords(detail.deltaPp, row.pValue)}\u00b9`;
    if (row.verdict === 'regression') {
        const flips = `${plural(detail.regressions, 'test')} that passed on the base ${detail.regressions === 1 ? 'fails' : 'fail'} now`;
        return `\u26a0\ufe0f **A real regression:** ${title} \u2014 ${flips} (${formatPp(detail.deltaPp)}${where}); ${chance}.`;
    }
    if (row.verdict === 'improvement')
        return `**A real improvement:** ${title} \u2014 ${formatPp(detail.deltaPp)}${where}; ${chance}.`;
    return `${title}: ${formatPp(detail.deltaPp)}${where}, may be noise: ${chance}.`;
}
/** The sentences for every compared suite with a change, regressions first, and the footnote; '' when none. */
function chanceSection(results) {
    const rowOf = comparisonLookup(results.comparison?.suites);
    const sentences = [];
    for (const suite of results.suites) {
        const row = rowOf(suite);
        const text = row ? chanceSentence(suite, row) : undefined;
        if (text)
            sentences.push({ text, rank: row?.verdict === 'regression' ? 0 : row?.verdict === 'improvement' ? 1 : 2 });
    }
    if (sentences.length === 0)
        return '';
    const ordered = sentences.sort((a, b) => a.rank - b.rank).map((sentence) => sentence.text);
    return `${ordered.join('<br>\n')}\n\n${CHANCE_FOOTNOTE}`;
}

/**
 * What the table leaves out, folded under it: each folder \u00d7 model's success metrics base \u2192 head
 * (a missed target marked, money in dollars, milliseconds as such), the cost of a month of
 * traffic where `traffic_per_day` is set, and each pass rate's 95% interval.
 */
/** A metric's value in its unit: `$0.0014` for *_usd, `1,234 ms` for *_ms, `12.5%` for a rate. */
function formatMetric(name, value) {
    if (value === null || value === undefined)
        return 'n/a';
    if (name.endsWith('_usd'))
        return formatUsd(value);
    if (name.endsWith('_ms'))
        return formatMs(value);
    if (/rate$/.test(name) && value >= 0 && value <= 1)
        return formatPercent(value);
    return String(Number(value.toPrecision(4)));
}
function target(name, metric) {
    const parts = [
        metric.min !== undefined ? `\u2265 ${formatMetric(name, metric.min)}` : '',
        metric.max !== undefined ? `\u2264 ${formatMetric(name, metric.max)}` : '',
    ];
    return parts.filter(Boolean).join(', ') || '\u2014';
}
function baseOf(results, suite) {
    const row = comparisonLookup(results.comparison?.suites)(suite);
    const path = row?.basePath ?? suite.path;
    const bases = results.base?.suites.filter((entry) => entry.path === path) ?? [];
    return (bases.find((entry) => entry.provider === suite.provider && entry.model === suite.model) ?? (bases.length === 1 ? bases[0] : undefined));
}
function metricsTable(results) {
    const lines = ['| Prompt \u00b7 model | Metric | Base \u2192 head | Target |', '|---|---|---|---|'];
    let missed = 0;
    let total = 0;
    for (const suite of results.suites) {
        const base = baseOf(results, suite);
        for (const [name, metric] of Object.entries(suite.metrics ?? {})) {
            total += 1;
            if (!metric.passed)
                missed += 1;
            const before = base?.metrics?.[name] ? `${formatMetric(name, base.metrics[name].value)} \u2192 ` : '';
            const why = metric.reason ? `<br><sub>${escapeTableCell(metric.reason, 200)}</sub>` : '';
            lines.push(`| ${suiteTitle(suite, true)} | ${metric.passed ? '\u2705' : '\u274c'} ${escapeTableCell(name, 60)} | ${before}${formatMetric(name, metric.value)}${why} | ${target(name, metric)} |`);
        }
    }
    return { table: total > 0 ? lines.join('\n') : '', missed, total };
}
function projection(results) {
    const lines = [];
    for (const suite of results.suites) {
        if (suite.trafficPerDay === undefined)
            continue;
        const head = monthlyCost(suite.summary, suite.trafficPerDay);
        const baseSuite = baseOf(results, suite);
        const base = baseSuite ? monthlyCost(baseSuite.summary, suite.trafficPerDay) : null;
        const show = (value) => (value === null ? 'unknown' : value >= 100 ? `$${formatInteger(value)}` : formatUsd(value));
        lines.push(`- ${suiteTitle(suite)}: ${base !== null ? `${show(base)} \u2192 ` : ''}${show(head)} a month at ${formatInteger(suite.trafficPerDay)} runs a day`);
    }
    if (lines.length === 0)
        return '';
    return `**Cost per month** (${DAYS_PER_MONTH} days; this run's tokens and prices; \`traffic_per_day\`)\n\n${lines.join('\n')}`;
}
function intervals(results) {
    const lines = results.suites
        .filter((suite) => suite.summary.passRate !== null && suite.summary.passRateInterval)
        .map((suite) => `- ${suiteTitle(suite)}: ${formatPercent(suite.summary.passRate)}, 95% interval ${formatInterval(suite.summary.passRateInterval)} (${suite.summary.passed} of ${suite.summary.total})`);
    return lines.length > 0 ? `**Pass rate, 95% interval** (Wilson, over the head's tests)\n\n${lines.join('\n')}` : '';
}
function flakyLines(results) {
    const lines = results.suites.flatMap((suite) => suite.tests.flatMap((test) => {
        const mark = flakyMark(test);
        return mark ? [`- ${suiteTitle(suite)} \u00b7 ${nameCode(test.name)} \u00b7 ${mark}`] : [];
    }));
    return lines.length > 0 ? `**Flaky tests** (their runs disagree)\n\n${lines.slice(0, 20).join('\n')}` : '';
}
function judgeLines(results) {
    const lines = results.suites
        .filter((suite) => suite.summary.judge)
        .map((suite) => {
        const judge = suite.summary.judge;
        return `- ${suiteTitle(suite)}: ${formatInteger(judge.inputTokens + judge.outputTokens)} tokens \u00b7 ${formatUsd(judge.costUsd)}`;
    });
    return lines.length > 0 ? `**Judge** (rubric checks, apart from the prompt's own tokens and cost)\n\n${lines.join('\n')}` : '';
}
/** The fold under the table, or '' when there is nothing in it. `open` for the job summary. */
function modelDetails(results, open = false) {
    const metrics = metricsTable(results);
    const flaky = flakyLines(results);
    const parts = [metrics.table, projection(results), intervals(results), flaky, judgeLines(results)].filter(Boolean);
    if (parts.length === 0)
        return '';
    const what = [
        metrics.total > 0 ? `metrics${metrics.missed > 0 ? ` (${plural(metrics.missed, 'target')} missed)` : ''}` : '',
        results.suites.some((suite) => suite.trafficPerDay !== undefined) ? 'cost per month' : '',
        'intervals',
        flaky ? 'flaky tests' : '',
    ].filter(Boolean);
    return `<details${open ? ' open' : ''}><summary>Per model: ${what.join(', ')}</summary>\n\n${parts.join('\n\n')}\n\n</details>`;
}

export { ICON as I, matrixPaths as a, nameCode as b, describeCheck as c, describeChecks as d, checkField as e, flakyMark as f, chanceSection as g, modelDetails as h, gateReasonLines as i, chanceWords as j, formatMetric as k, modelName as m, nameText as n, reasonItem as r, stateOf as s, toolCallsText as t };
