import { an as Z_95, ao as wilsonInterval, C as formatInteger, F as formatMs, ac as escapeInline, ab as escapeTableCell, H as plural, ap as inlineCode, aq as DEFAULT_MIN_SAMPLES, ar as formatAliasMessage, as as DEFAULT_COMMENT_AUTHOR, al as GitHubCallError, ad as sinksFor, ae as repositoryDir, af as createActionClient, ag as info, ai as summary, ah as setOutput, at as setFailed, au as getAuthenticatedLogin, av as describeGitHubError, aj as warning } from '../index.js';
import { f as failed, b as answered, c as rolledBackFrom, d as previousProduction, r as readSpans, i as indexTags, V as VersionLoader, E as EXECUTION_ATTRIBUTES, e as executionOf, a as expandLogPaths, p as parseWindow, D as DEFAULT_SINCE, g as gitHubMonitorTagStore } from './monitor-tag-store.js';
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
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:path");
import './git-source.js';
globalThis.process.getBuiltinModule("node:child_process");

/** The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
function normalQuantile(p) {
    if (!(p > 0 && p < 1))
        throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
    const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
    const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
    const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
    const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
    const low = 0.02425;
    if (p < low) {
        const q = Math.sqrt(-2 * Math.log(p));
        return ((((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1));
    }
    if (p > 1 - low)
        return -normalQuantile(1 - p);
    const q = p - 0.5;
    const r = q * q;
    return (((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1));
}
/**
 * Student's t quantile with `df` degrees of freedom: exact for 1 and 2, else the Cornish\u2013Fisher
 * expansion around the normal quantile (Abramowitz & Stegun 26.7.5; within 0.1% from df = 5).
 */
function tQuantile(p, df) {
    if (!(df >= 1))
        throw new RangeError(`tQuantile: df must be at least 1, got ${df}`);
    if (df === 1)
        return Math.tan(Math.PI * (p - 0.5));
    if (df === 2)
        return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
    const z = normalQuantile(p);
    const z3 = z ** 3;
    const z5 = z ** 5;
    const z7 = z ** 7;
    const z9 = z ** 9;
    return (z +
        (z3 + z) / (4 * df) +
        (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
        (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
        (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4));
}
function rateInterval(k, n, z = Z_95) {
    return wilsonInterval(k, n, z);
}
function mean(moments) {
    return moments.n === 0 ? null : moments.sum / moments.n;
}
/** The sample variance (n \u2212 1); 0 for a single value. Clamped: float cancellation must not go below 0. */
function variance(moments) {
    if (moments.n < 2)
        return 0;
    const m = moments.sum / moments.n;
    return Math.max(0, (moments.sumSquares - moments.n * m * m) / (moments.n - 1));
}
/** mean \u00b1 t \u00b7 s / \u221an at the two-sided level of `z` (z = 1.96: 95%); null below two samples. */
function meanInterval(moments, z = Z_95) {
    if (moments.n < 2)
        return null;
    const m = moments.sum / moments.n;
    // The t quantile at the same one-sided probability as z.
    const t = tQuantile(normalCdf(z), moments.n - 1);
    const half = t * Math.sqrt(variance(moments) / moments.n);
    return [m - half, m + half];
}
/**
 * The distribution-free interval of the q-quantile from sorted values (ascending): the order
 * statistics at ranks n\u00b7q \u2213 z\u00b7\u221a(n\u00b7q\u00b7(1\u2212q)), widened outward to whole ranks. A rank below 1
 * bounds nothing below (the lowest value is kept), a rank past n leaves the high bound open.
 */
function quantileInterval(sorted, q, z = Z_95) {
    const n = sorted.length;
    if (n === 0)
        return null;
    const centre = n * q;
    const spread = z * Math.sqrt(n * q * (1 - q));
    const lowRank = Math.floor(centre - spread);
    const highRank = Math.ceil(centre + spread) + 1;
    const low = sorted[Math.max(1, lowRank) - 1];
    return [low, highRank > n ? null : sorted[highRank - 1]];
}
/** Nearest-rank quantile (the suite's p95: a value that occurred). */
function nearestRank(sorted, q) {
    if (sorted.length === 0)
        return null;
    const rank = Math.max(1, Math.ceil(q * sorted.length));
    return sorted[Math.min(rank, sorted.length) - 1];
}
/**
 * Newcombe's hybrid score interval of p1 \u2212 p2 (k1 of n1 against k2 of n2), from each rate's
 * Wilson interval at the same z: it keeps Wilson's good behaviour near 0 and 1, where error
 * rates live.
 */
function rateDifferenceInterval(k1, n1, k2, n2, z) {
    const p1 = k1 / n1;
    const p2 = k2 / n2;
    const [l1, u1] = wilsonInterval(k1, n1, z);
    const [l2, u2] = wilsonInterval(k2, n2, z);
    const d = p1 - p2;
    return [d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)];
}
/** Welch's interval of mean1 \u2212 mean2 (normal quantile: both samples are in the hundreds). */
function meanDifferenceInterval(a, b, z) {
    if (a.n < 2 || b.n < 2)
        return null;
    const d = a.sum / a.n - b.sum / b.n;
    const half = z * Math.sqrt(variance(a) / a.n + variance(b) / b.n);
    return [d - half, d + half];
}
/** \u03a6(x), by the complementary error function (Numerical Recipes' erfc, |error| < 1.2e-7). */
function normalCdf(x) {
    const z = Math.abs(x) / Math.SQRT2;
    const t = 1 / (1 + 0.5 * z);
    const erfc = t *
        Math.exp(-z * z -
            1.26551223 +
            t *
                (1.00002368 +
                    t *
                        (0.37409196 +
                            t *
                                (0.09678418 +
                                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

const BUILT_IN_FIGURES = [
    { name: 'error_rate', measure: { kind: 'error_rate' } },
    { name: 'latency_p95', measure: { kind: 'latency_p95' } },
    { name: 'cost_per_query', measure: { kind: 'cost_per_query' } },
];
function kindOf(measure) {
    switch (measure.kind) {
        case 'error_rate':
        case 'rate_of':
            return 'rate';
        case 'latency_p95':
            return 'latency';
        case 'cost_per_query':
            return 'cost';
        case 'mean_of':
            return 'mean';
    }
}
/** The rate behind a rate measure: k of n. */
function rateCounts(totals, measure) {
    if (measure.kind === 'error_rate')
        return { k: totals.failures, n: totals.executions };
    if (measure.kind !== 'rate_of')
        throw new Error(`not a rate: ${measure.kind}`);
    const field = totals.fields.get(measure.field);
    return { k: field?.trues ?? 0, n: field?.booleans ?? 0 };
}
/** The sample behind a mean measure. */
function meanMoments(totals, measure) {
    if (measure.kind === 'cost_per_query')
        return totals.cost;
    if (measure.kind !== 'mean_of')
        throw new Error(`not a mean: ${measure.kind}`);
    return totals.fields.get(measure.field)?.numbers ?? { n: 0, sum: 0, sumSquares: 0 };
}
/** Sorted latencies, computed once per group (and size) however many figures and guards read them. */
const sortedCache = new WeakMap();
function sortedLatencies(totals) {
    let sorted = sortedCache.get(totals);
    if (!sorted || sorted.length !== totals.latencies.length) {
        sorted = totals.latencies.sorted();
        sortedCache.set(totals, sorted);
    }
    return sorted;
}
/** One figure at the two-sided level of z (1.96: the 95% shown everywhere). */
function figureOf(totals, name, measure, z = Z_95) {
    const kind = kindOf(measure);
    if (kind === 'rate') {
        const { k, n } = rateCounts(totals, measure);
        return { name, kind, measure, value: n === 0 ? null : k / n, interval: n === 0 ? null : rateInterval(k, n, z), n };
    }
    if (kind === 'latency') {
        const sorted = sortedLatencies(totals);
        return { name, kind, measure, value: nearestRank(sorted, 0.95), interval: quantileInterval(sorted, 0.95, z), n: sorted.length };
    }
    const moments = meanMoments(totals, measure);
    return { name, kind, measure, value: mean(moments), interval: meanInterval(moments, z), n: moments.n };
}
/**
 * The figures of a group: the three built-ins, then the version's metrics (a metric named like a
 * built-in is that built-in). Without the version's folder (no tag to read it from), each output
 * field the spans carry is shown under its own name: booleans as a rate, numbers as a mean.
 */
function figuresOf(totals, metrics) {
    const figures = BUILT_IN_FIGURES.map(({ name, measure }) => figureOf(totals, name, measure));
    if (metrics) {
        for (const metric of metrics) {
            if (metric.kind === 'built-in')
                continue;
            figures.push(figureOf(totals, metric.name, { kind: metric.kind, field: metric.field }));
        }
        return figures;
    }
    for (const [field, counts] of [...totals.fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (counts.booleans > 0)
            figures.push(figureOf(totals, field, { kind: 'rate_of', field }));
        else if (counts.numbers.n > 0)
            figures.push(figureOf(totals, field, { kind: 'mean_of', field }));
    }
    return figures;
}

/*
 * When a guard acts (docs/monitor.md, "When monitor acts"):
 *
 * - Breached: the version has at least min_samples executions in the window and the 95%
 *   interval of the guarded figure lies wholly on the bad side of the limit. A figure without
 *   data (no answer had the field, no price known) is never breached: missing data never
 *   triggers.
 * - Worse than production (a canary only): both versions have min_samples executions and the
 *   interval of canary \u2212 production, at the stricter COMPARISON_Z, lies wholly on the bad side
 *   of 0 (for a p95: the two order-statistic intervals at that z do not overlap). A canary is
 *   exactly what a comparison is for: a +3 pp error rate under a 5% limit is no breach, but it
 *   is a regression.
 *
 * COMPARISON_Z = 4 leaves a one-sided 3.2e-5 per guard per run. Monitor runs again and again
 * over overlapping windows, so the chance of a false drop over a canary's life is at most
 * runs \u00d7 guards \u00d7 3.2e-5 (Bonferroni; 0.4% for 40 runs of 3 guards, and in fact far less, as
 * overlapping windows are nearly the same test). Yet with production at 2% errors and a
 * canary at 5% (10% of the traffic), the canary is dropped after about 1,000 of its executions
 * (__tests__/monitor/soak.test.ts measures both).
 */
const COMPARISON_Z = 4;
const badHigh = (op) => op === '>' || op === '>=';
/** Whether the interval lies wholly on the bad side of the limit. */
function beyondLimit(interval, op, limit) {
    const [low, high] = interval;
    switch (op) {
        case '>':
            return low > limit;
        case '>=':
            return low >= limit;
        case '<':
            return high !== null && high < limit;
        case '<=':
            return high !== null && high <= limit;
    }
}
/** The guard on one version's executions. */
function checkGuard(guard, totals, minSamples) {
    const figure = totals
        ? figureOf(totals, guard.name, guard.measure)
        : { name: guard.name, kind: kindOf(guard.measure), measure: guard.measure, value: null, interval: null, n: 0 };
    if (figure.value === null || figure.interval === null)
        return { guard, figure, state: 'no-data' };
    if ((totals?.executions ?? 0) < minSamples)
        return { guard, figure, state: 'too-few' };
    return { guard, figure, state: beyondLimit(figure.interval, guard.op, guard.limit) ? 'breached' : 'within' };
}
/** The canary's check, with its comparison against production on the same guard. */
function compareGuard(check, canary, production, minSamples) {
    const { guard } = check;
    const productionFigure = production
        ? figureOf(production, guard.name, guard.measure)
        : { name: guard.name, kind: kindOf(guard.measure), measure: guard.measure, value: null, interval: null, n: 0 };
    const notCompared = (why) => ({
        ...check,
        versus: { state: 'not-compared', production: productionFigure, difference: null, why },
    });
    if (!canary || !production)
        return notCompared(production ? 'no canary executions' : 'no production executions in the window');
    if (canary.executions < minSamples || production.executions < minSamples) {
        return notCompared(`needs ${minSamples} executions of each (canary ${canary.executions}, production ${production.executions})`);
    }
    const difference = differenceOf(guard, canary, production);
    if (difference === null)
        return notCompared('no data to compare');
    const worse = badHigh(guard.op) ? difference[0] > 0 : difference[1] !== null && difference[1] < 0;
    return { ...check, versus: { state: worse ? 'worse' : 'not-worse', production: productionFigure, difference } };
}
/**
 * canary \u2212 production at COMPARISON_Z. For a p95 there is no difference interval without
 * assumptions; the bounds returned are [canary low \u2212 production high, canary high \u2212 production
 * low] of the two order-statistic intervals, wholly above 0 exactly when they do not overlap.
 */
function differenceOf(guard, canary, production) {
    const kind = kindOf(guard.measure);
    if (kind === 'rate') {
        const a = rateCounts(canary, guard.measure);
        const b = rateCounts(production, guard.measure);
        if (a.n === 0 || b.n === 0)
            return null;
        return rateDifferenceInterval(a.k, a.n, b.k, b.n, COMPARISON_Z);
    }
    if (kind === 'latency') {
        const a = figureOf(canary, guard.name, guard.measure, COMPARISON_Z).interval;
        const b = figureOf(production, guard.name, guard.measure, COMPARISON_Z).interval;
        if (!a || !b)
            return null;
        const low = b[1] === null ? Number.NEGATIVE_INFINITY : a[0] - b[1];
        const high = a[1] === null ? null : a[1] - b[0];
        return [low, high];
    }
    return meanDifferenceInterval(meanMoments(canary, guard.measure), meanMoments(production, guard.measure), COMPARISON_Z);
}

/*
 * Figures and guard checks in words, the same in the console, the job summary and the issue.
 * Plain text (numbers and the names of guards and metrics): each sink escapes it.
 */
function formatValue(kind, value) {
    if (value === null)
        return 'n/a';
    switch (kind) {
        case 'rate':
            return `${(value * 100).toFixed(1)}%`;
        case 'latency':
            return formatMs(value);
        case 'cost':
            return `$${significant(value)}`;
        case 'mean':
            return significant(value);
    }
}
/** Three significant digits, never exponent notation. */
function significant(value) {
    if (value === 0)
        return '0';
    const text = Math.abs(value) >= 1e-6 ? value.toPrecision(3) : value.toExponential(2);
    return text.includes('e') ? text : String(Number(text));
}
function formatBounds(kind, bounds) {
    if (!bounds)
        return 'no interval';
    const [low, high] = bounds;
    if (kind === 'rate')
        return `${(low * 100).toFixed(1)}\u2013${high === null ? '\u2026' : `${(high * 100).toFixed(1)}%`}`;
    return `${formatValue(kind, low)}\u2013${high === null ? 'open' : formatValue(kind, high)}`;
}
/** `2.1% (95% CI 1.4\u20133.0%, n=1,200)`. */
function describeFigure(figure) {
    if (figure.value === null)
        return `n/a (n=${formatInteger(figure.n)})`;
    return `${formatValue(figure.kind, figure.value)} (95% CI ${formatBounds(figure.kind, figure.interval)}, n=${formatInteger(figure.n)})`;
}
/** The confidence of the comparison interval, as a percentage (99.994%). */
const COMPARISON_LEVEL = `${(100 * (1 - 2 * (1 - normalCdf(COMPARISON_Z)))).toFixed(3)}%`;
function formatDifference(kind, bounds) {
    const [low, high] = bounds;
    if (kind === 'rate') {
        const pp = (value) => `${value >= 0 ? '+' : '\u2212'}${Math.abs(value * 100).toFixed(1)} pp`;
        return `${pp(low)} to ${high === null ? 'open' : pp(high)}`;
    }
    const signed = (value) => (Number.isFinite(value) ? `${value >= 0 ? '+' : '\u2212'}${formatValue(kind, Math.abs(value))}` : '\u2212\u221e');
    return `${signed(low)} to ${high === null ? 'open' : signed(high)}`;
}
/** One guard's state in words: why it acted, or why not. */
function describeCheck(check) {
    const { guard, figure } = check;
    const limit = `${guard.name} ${guard.text}`;
    const base = (() => {
        switch (check.state) {
            case 'breached':
                return `breached ${limit}: ${describeFigure(figure)} lies wholly beyond the limit`;
            case 'within':
                return `${limit}: within (${describeFigure(figure)})`;
            case 'too-few':
                return `${limit}: not judged, ${describeFigure(figure)} from too few executions`;
            case 'no-data':
                return `${limit}: no data`;
        }
    })();
    const versus = check.versus;
    if (!versus)
        return base;
    if (versus.state === 'not-compared')
        return `${base}; not compared with production (${versus.why ?? 'no data'})`;
    const against = `${formatValue(figure.kind, figure.value)} against production ${formatValue(versus.production.kind, versus.production.value)}`;
    const interval = versus.difference && figure.kind !== 'latency'
        ? `, difference ${formatDifference(figure.kind, versus.difference)} at ${COMPARISON_LEVEL}`
        : `, intervals at ${COMPARISON_LEVEL} ${versus.state === 'worse' ? 'apart' : 'overlapping'}`;
    return `${base}; ${versus.state === 'worse' ? 'worse than production' : 'not worse than production'}: ${against}${interval}`;
}
/** The first line of evidence for a tag message or a title: the breach, shortly. */
function describeEvidence(check) {
    const { guard, figure } = check;
    if (check.state !== 'breached' && check.versus?.state === 'worse') {
        return `${guard.name} ${formatValue(figure.kind, figure.value)} is worse than production's ${formatValue(figure.kind, check.versus.production.value)}`;
    }
    return `${guard.name} ${formatValue(figure.kind, figure.value)} (95% CI ${formatBounds(figure.kind, figure.interval)}) breached ${guard.text}`;
}

/*
 * The monitor's report: the console's lines (plain text; the CLI's sink cleans each line) and
 * the job summary (GitHub Markdown: every name from the spans or the repository escaped).
 */
const time = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
function windowLine(outcome) {
    const { window } = outcome;
    const outside = outcome.outside > 0 ? ` (${formatInteger(outcome.outside)} outside it)` : '';
    return `window ${window.label}: ${time(window.fromMs)} to ${time(window.toMs)}, ${plural(outcome.executions, 'execution')}${outside} in ${plural(outcome.files.length, 'file')}`;
}
function groupHeading(group) {
    const serving = group.serving ? ` (prompts/${group.prompt}@${group.serving})` : '';
    const commits = group.commits.length > 0 ? ` at ${group.commits.map((commit) => commit.slice(0, 12)).join(', ')}` : '';
    const failures = group.failures > 0
        ? `, ${formatInteger(group.failures)} failed (${group.failureTypes.map(([type, count]) => `${type} ${formatInteger(count)}`).join(', ')})`
        : '';
    return `${group.prompt} ${group.version} \u00b7 ${group.variant}${serving}${commits}: ${plural(group.executions, 'execution')}${failures}`;
}
function renderMonitorText(outcome) {
    const lines = [`promptgate monitor: ${windowLine(outcome)}`];
    if (outcome.groups.length === 0)
        lines.push('', 'No promptgate spans in the window (spans carry gen_ai.prompt.name and gen_ai.prompt.version).');
    for (const group of outcome.groups) {
        lines.push('', groupHeading(group));
        const width = Math.max(...group.figures.map((figure) => figure.name.length));
        for (const figure of group.figures)
            lines.push(`  ${figure.name.padEnd(width)}  ${describeFigure(figure)}`);
    }
    for (const plan of outcome.plans)
        lines.push('', ...planLines(plan));
    if (outcome.results.length > 0) {
        lines.push('', 'Actions:');
        for (const result of outcome.results) {
            lines.push(`  - ${result.message}`);
            if (result.push)
                lines.push(`    push it: ${result.push}`);
        }
    }
    return lines;
}
function verdictLines(label, verdict) {
    const head = `${label} ${verdict.alias.version} (${plural(verdict.executions, 'execution')})`;
    if (verdict.problem)
        return [`${head}: guards unknown: ${verdict.problem}`];
    if (!verdict.guards || verdict.guards.guards.length === 0)
        return [`${head}: no guards (prompt.yaml deploy.rollback_on)`];
    return [
        `${head}, min_samples ${formatInteger(verdict.guards.minSamples)}:`,
        ...verdict.checks.map((check) => `  - ${describeCheck(check)}`),
    ];
}
function readyLine(plan) {
    if (!plan.canary)
        return undefined;
    const version = plan.canary.alias.version;
    return plan.ready
        ? `canary ${version} is ready to promote: promptgate monitor --promote (or promptgate release --promote ${plan.id}@${version})`
        : `canary ${version} is not ready to promote: ${plan.notReady ?? 'see above'}`;
}
function planLines(plan) {
    const lines = [`${plan.id}:`];
    if (plan.production)
        lines.push(...verdictLines('production', plan.production).map((line) => `  ${line}`));
    if (plan.canary)
        lines.push(...verdictLines('canary', plan.canary).map((line) => `  ${line}`), `  ${readyLine(plan)}`);
    return lines;
}
/** A plan as a Markdown list: each version, its guards under it, then whether the canary is ready. */
function planMarkdown(plan) {
    const lines = ['', `**${escapeInline(plan.id)}**`, ''];
    for (const [label, verdict] of [
        ['production', plan.production],
        ['canary', plan.canary],
    ]) {
        if (!verdict)
            continue;
        const [head, ...checks] = verdictLines(label, verdict);
        lines.push(`- ${escapeInline(head, 600)}`, ...checks.map((check) => `  - ${escapeInline(check.replace(/^\s*- /, ''), 600)}`));
    }
    const ready = readyLine(plan);
    if (ready)
        lines.push(`- ${escapeInline(ready, 600)}`);
    return lines;
}
/** The job summary: one table per prompt, the guards, and what was done. */
function renderMonitorMarkdown(outcome) {
    const parts = [`### promptgate monitor`, '', escapeInline(windowLine(outcome), 400)];
    const prompts = [...new Set(outcome.groups.map((group) => group.prompt))];
    for (const prompt of prompts) {
        const groups = outcome.groups.filter((group) => group.prompt === prompt);
        const names = [...new Set(groups.flatMap((group) => group.figures.map((figure) => figure.name)))];
        parts.push('', `#### ${escapeInline(prompt)}`, '');
        parts.push(`| Version | Variant | Executions | ${names.map((name) => escapeTableCell(name)).join(' | ')} |`);
        parts.push(`|---|---|---|${names.map(() => '---|').join('')}`);
        for (const group of groups) {
            const cells = names.map((name) => {
                const figure = group.figures.find((candidate) => candidate.name === name);
                if (!figure || figure.value === null)
                    return 'n/a';
                return escapeTableCell(`${formatValue(figure.kind, figure.value)} (${formatBounds(figure.kind, figure.interval)}) \u00b7 n=${formatInteger(figure.n)}`);
            });
            const serving = group.serving ? ` \u00b7 **${group.serving}**` : '';
            parts.push(`| ${escapeTableCell(group.version)}${serving} | ${escapeTableCell(group.variant)} | ${formatInteger(group.executions)} | ${cells.join(' | ')} |`);
        }
    }
    parts.push('', 'Each figure: value (95% interval) \u00b7 samples. Rates: Wilson; p95: order statistics; means: Student t.');
    for (const plan of outcome.plans)
        parts.push(...planMarkdown(plan));
    if (outcome.results.length > 0) {
        parts.push('', '**Actions**', '');
        for (const result of outcome.results)
            parts.push(`- ${escapeInline(result.message, 600)}`);
    }
    return `${parts.join('\n')}\n`;
}
/** The sticky issue of one prompt's incident: what happened, the evidence, and how to undo it. */
function renderIssueEvent(plan, outcome, message, promoteAgain) {
    const window = windowLine(outcome);
    const lines = [`#### ${escapeInline(message, 300)}`, '', `${escapeInline(`${window[0].toUpperCase()}${window.slice(1)}`, 300)}.`, ''];
    for (const verdict of [plan.production, plan.canary]) {
        if (!verdict)
            continue;
        const { alias } = verdict;
        lines.push(`- ${alias.alias} ${inlineCode(alias.version)} at ${inlineCode(alias.commit.slice(0, 12))} (${formatInteger(verdict.executions)} executions in the window)`);
        for (const check of verdict.checks)
            lines.push(`  - ${escapeInline(describeCheck(check), 600)}`);
    }
    for (const action of plan.actions) {
        if (action.kind === 'rollback') {
            lines.push(`- rolled back to ${inlineCode(action.to.version)} at ${inlineCode(action.to.entry.commit.slice(0, 12))} (${escapeInline(action.to.how, 200)})`);
        }
    }
    if (promoteAgain)
        lines.push('', `To promote it again once it is fixed: ${inlineCode(promoteAgain)}`);
    return lines.join('\n');
}

/** A growable array of doubles. */
class Latencies {
    values = new Float64Array(256);
    length = 0;
    push(value) {
        if (this.length === this.values.length) {
            const grown = new Float64Array(this.values.length * 2);
            grown.set(this.values);
            this.values = grown;
        }
        this.values[this.length++] = value;
    }
    /** Sorted ascending (a copy; the totals stay as they are). */
    sorted() {
        return this.values.slice(0, this.length).sort();
    }
}
const emptyMoments = () => ({ n: 0, sum: 0, sumSquares: 0 });
function addTo(moments, value) {
    moments.n += 1;
    moments.sum += value;
    moments.sumSquares += value * value;
}
function groupKey(prompt, version, variant) {
    return `${prompt}\u0000${version}\u0000${variant}`;
}
class Aggregator {
    window;
    groups = new Map();
    /** Executions inside the window, and outside it (skipped). */
    counted = 0;
    outside = 0;
    constructor(window) {
        this.window = window;
    }
    add(execution) {
        if (execution.endMs < this.window.fromMs || execution.endMs > this.window.toMs) {
            this.outside += 1;
            return;
        }
        this.counted += 1;
        const key = groupKey(execution.prompt, execution.version, execution.variant);
        let group = this.groups.get(key);
        if (!group) {
            group = {
                prompt: execution.prompt,
                version: execution.version,
                variant: execution.variant,
                commits: new Set(),
                executions: 0,
                failures: 0,
                failureTypes: new Map(),
                answered: 0,
                latencies: new Latencies(),
                cost: emptyMoments(),
                fields: new Map(),
                firstMs: execution.endMs,
                lastMs: execution.endMs,
            };
            this.groups.set(key, group);
        }
        group.executions += 1;
        if (execution.commit)
            group.commits.add(execution.commit);
        if (execution.endMs < group.firstMs)
            group.firstMs = execution.endMs;
        if (execution.endMs > group.lastMs)
            group.lastMs = execution.endMs;
        if (failed(execution)) {
            group.failures += 1;
            const type = execution.errorType ?? (execution.schemaValid === false ? 'output.schema' : 'error');
            group.failureTypes.set(type, (group.failureTypes.get(type) ?? 0) + 1);
        }
        if (!answered(execution))
            return;
        group.answered += 1;
        group.latencies.push(execution.latencyMs);
        if (execution.costUsd !== undefined)
            addTo(group.cost, execution.costUsd);
        const outputs = execution.outputs;
        if (!outputs)
            return;
        for (const field in outputs) {
            const value = outputs[field];
            let totals = group.fields.get(field);
            if (!totals) {
                totals = { booleans: 0, trues: 0, numbers: emptyMoments() };
                group.fields.set(field, totals);
            }
            if (typeof value === 'boolean') {
                totals.booleans += 1;
                if (value)
                    totals.trues += 1;
            }
            else if (typeof value === 'number' && Number.isFinite(value)) {
                addTo(totals.numbers, value);
            }
        }
    }
}
/** Two groups' totals as one (a version's production and canary executions, judged together). */
function mergeTotals(groups) {
    if (groups.length <= 1)
        return groups[0];
    const first = groups[0];
    const merged = {
        ...first,
        variant: groups.map((group) => group.variant).join('+'),
        commits: new Set(groups.flatMap((group) => [...group.commits])),
        executions: 0,
        failures: 0,
        failureTypes: new Map(),
        answered: 0,
        latencies: new Latencies(),
        cost: emptyMoments(),
        fields: new Map(),
        firstMs: Math.min(...groups.map((group) => group.firstMs)),
        lastMs: Math.max(...groups.map((group) => group.lastMs)),
    };
    for (const group of groups) {
        merged.executions += group.executions;
        merged.failures += group.failures;
        merged.answered += group.answered;
        for (const [type, count] of group.failureTypes)
            merged.failureTypes.set(type, (merged.failureTypes.get(type) ?? 0) + count);
        for (const value of group.latencies.sorted())
            merged.latencies.push(value);
        addMoments(merged.cost, group.cost);
        for (const [field, totals] of group.fields) {
            const into = merged.fields.get(field) ?? { booleans: 0, trues: 0, numbers: emptyMoments() };
            into.booleans += totals.booleans;
            into.trues += totals.trues;
            addMoments(into.numbers, totals.numbers);
            merged.fields.set(field, into);
        }
    }
    return merged;
}
function addMoments(into, from) {
    into.n += from.n;
    into.sum += from.sum;
    into.sumSquares += from.sumSquares;
}

function planPrompt(input) {
    const { tags } = input;
    const plan = { id: input.id, ready: false, actions: [] };
    const production = tags.production ? verdictOf(input, tags.production) : undefined;
    if (production)
        plan.production = production;
    if (production && production.breached.length > 0) {
        const from = rolledBackFrom(production.alias);
        const target = previousProduction(tags);
        if (from) {
            plan.actions.push({
                kind: 'hold',
                version: production.alias,
                evidence: production.breached,
                why: `${production.alias.version} is itself a rollback from ${from}: monitor does not move production twice; look for a cause outside the prompt (the provider, the traffic)`,
            });
        }
        else if (!target) {
            plan.actions.push({
                kind: 'hold',
                version: production.alias,
                evidence: production.breached,
                why: `there is no tagged version older than ${production.alias.version} to roll back to`,
            });
        }
        else {
            plan.actions.push({ kind: 'rollback', from: production.alias, to: target, evidence: production.breached });
        }
    }
    if (!tags.canary || tags.canary.version === tags.production?.version)
        return plan;
    const canary = verdictOf(input, tags.canary, tags.production ? input.totalsOf(tags.production.version) : undefined);
    plan.canary = canary;
    if (canary.breached.length > 0 || canary.worse.length > 0) {
        plan.actions.push({ kind: 'drop-canary', canary: canary.alias, evidence: [...canary.breached, ...canary.worse] });
        plan.notReady = 'it breached a guard';
        return plan;
    }
    const notReady = whyNotReady(canary, production);
    if (notReady)
        plan.notReady = notReady;
    else
        plan.ready = true;
    if (plan.ready && input.promote)
        plan.actions.push({ kind: 'promote', canary: canary.alias, production: tags.production });
    return plan;
}
function verdictOf(input, alias, productionTotals) {
    const totals = input.totalsOf(alias.version);
    const read = input.guardsOf(alias.version);
    const guards = typeof read === 'string' ? undefined : read;
    const minSamples = guards?.minSamples ?? DEFAULT_MIN_SAMPLES;
    const isCanary = alias.alias === 'canary';
    const checks = (guards?.guards ?? []).map((guard) => {
        const check = checkGuard(guard, totals, minSamples);
        return isCanary && alias.version !== input.tags.production?.version ? compareGuard(check, totals, productionTotals, minSamples) : check;
    });
    return {
        alias,
        guards,
        executions: totals?.executions ?? 0,
        checks,
        breached: checks.filter((check) => check.state === 'breached'),
        worse: checks.filter((check) => check.versus?.state === 'worse'),
        ...(typeof read === 'string' ? { problem: read } : {}),
    };
}
/** Ready means enough data and nothing against it: every guard measured, within, and compared. */
function whyNotReady(canary, production) {
    if (canary.problem)
        return `its guards could not be read: ${canary.problem}`;
    const minSamples = canary.guards?.minSamples ?? DEFAULT_MIN_SAMPLES;
    if (canary.executions < minSamples)
        return `${canary.executions} of the ${minSamples} executions it needs (min_samples)`;
    const unmeasured = canary.checks.filter((check) => check.state === 'no-data').map((check) => check.guard.name);
    if (unmeasured.length > 0)
        return `no data for ${unmeasured.join(', ')}`;
    if (production) {
        const uncompared = canary.checks.find((check) => check.versus?.state === 'not-compared');
        if (uncompared)
            return `not compared with production on ${uncompared.guard.name}: ${uncompared.versus.why}`;
    }
    return undefined;
}

async function runMonitor(options) {
    const aggregator = new Aggregator(options.window);
    const wanted = options.prompts && options.prompts.length > 0 ? new Set(options.prompts) : undefined;
    await readSpans(options.logs, (span) => {
        const execution = executionOf(span);
        if (execution && (!wanted || wanted.has(execution.prompt)))
            aggregator.add(execution);
    }, options.warn, EXECUTION_ATTRIBUTES);
    const tags = indexTags(await options.store.list());
    const loader = new VersionLoader(options.repoDir);
    const byVersion = new Map();
    for (const group of aggregator.groups.values()) {
        const key = `${group.prompt}\u0000${group.version}`;
        byVersion.set(key, [...(byVersion.get(key) ?? []), group]);
    }
    const totalsOf = (id, version) => mergeTotals(byVersion.get(`${id}\u0000${version}`) ?? []);
    const groups = [];
    for (const group of [...aggregator.groups.values()].sort(compareGroups)) {
        const definitions = await loader.definitions(group.prompt, group.version, tags.get(group.prompt));
        const prompt = tags.get(group.prompt);
        const serving = prompt?.production?.version === group.version ? 'production' : prompt?.canary?.version === group.version ? 'canary' : undefined;
        groups.push({
            prompt: group.prompt,
            version: group.version,
            variant: group.variant,
            commits: [...group.commits],
            executions: group.executions,
            failures: group.failures,
            failureTypes: [...group.failureTypes].sort((a, b) => b[1] - a[1]),
            figures: figuresOf(group, definitions.metrics),
            ...(serving ? { serving } : {}),
        });
    }
    // Every prompt with an alias is judged, with data or without (no data never acts).
    const ids = [...new Set([...tags.keys(), ...[...aggregator.groups.values()].map((group) => group.prompt)])]
        .filter((id) => (!wanted || wanted.has(id)) && (tags.get(id)?.production || tags.get(id)?.canary))
        .sort();
    const plans = [];
    for (const id of ids) {
        const prompt = tags.get(id);
        const guards = new Map();
        for (const alias of [prompt.production, prompt.canary]) {
            if (alias)
                guards.set(alias.version, await loader.definitions(id, alias.version, prompt));
        }
        plans.push(planPrompt({
            id,
            tags: prompt,
            totalsOf: (version) => totalsOf(id, version),
            guardsOf: (version) => {
                const definitions = guards.get(version);
                return definitions?.problem ?? definitions?.guards;
            },
            promote: options.promote,
        }));
    }
    const results = [];
    for (const plan of plans) {
        for (const action of plan.actions)
            results.push(await carryOut(action, tags.get(plan.id), options));
    }
    return {
        window: options.window,
        files: options.logs,
        executions: aggregator.counted,
        outside: aggregator.outside,
        groups,
        plans,
        results,
    };
}
function compareGroups(a, b) {
    return a.prompt.localeCompare(b.prompt) || a.version.localeCompare(b.version) || a.variant.localeCompare(b.variant);
}
/** Writes one action, as a compare-and-swap on the alias as it was read. */
async function carryOut(action, prompt, options) {
    const { store } = options;
    // `what` is said twice: as a plan (`move \u2026 to v1.0`) and, once written, as a fact (`moved \u2026`).
    const write = async (what, done, push, run) => {
        if (options.dryRun)
            return { action, outcome: 'skipped', message: `would ${what} (dry run: nothing written)` };
        try {
            const outcome = await run();
            if (outcome === 'raced') {
                return {
                    action,
                    outcome: 'raced',
                    message: `did not ${what}: the alias moved since monitor read it (a release meanwhile?); the next run judges what it points at now`,
                };
            }
            return { action, outcome: 'done', message: `${done} (${store.where})`, ...(store.local ? { push } : {}) };
        }
        catch (error) {
            return { action, outcome: 'failed', message: `could not ${what}: ${error instanceof Error ? error.message : String(error)}` };
        }
    };
    switch (action.kind) {
        case 'rollback': {
            const { from, to } = action;
            const why = describeEvidence(action.evidence[0]);
            const message = formatAliasMessage(from.id, to.version, to.entry.commit, 'production', { rolledBackFrom: from.version, why });
            const move = `${from.tag} back from ${from.version} to ${to.version}`;
            return write(`move ${move}`, `Moved ${move}`, `git push --force origin refs/tags/${from.tag}`, () => store.moveAlias(from.tag, from.object, to.entry.commit, message));
        }
        case 'drop-canary': {
            const drop = `${action.canary.tag} (${action.canary.version})`;
            return write(`drop ${drop}`, `Dropped ${drop}`, `git push origin :refs/tags/${action.canary.tag}`, () => store.dropAlias(action.canary.tag, action.canary.object));
        }
        case 'promote': {
            const { canary, production } = action;
            const target = prompt.versions.get(canary.version);
            if (!target)
                return {
                    action,
                    outcome: 'failed',
                    message: `cannot promote ${canary.version}: there is no tag prompts/${canary.id}@${canary.version}`,
                };
            const tag = `prompts/${canary.id}@production`;
            const message = formatAliasMessage(canary.id, canary.version, target.commit, 'production', production ? { previous: production.version } : {});
            const point = `${tag} at ${canary.version}`;
            const promoted = await write(`point ${point}`, `Pointed ${point}`, `git push --force origin refs/tags/${tag}`, () => production ? store.moveAlias(tag, production.object, target.commit, message) : store.moveAlias(tag, '', target.commit, message));
            if (promoted.outcome !== 'done')
                return promoted;
            // The canary is production now: its canary tag would name the production version.
            const dropped = await store.dropAlias(canary.tag, canary.object).catch(() => 'raced');
            return {
                ...promoted,
                message: `${promoted.message}${dropped === 'done' ? `, and dropped ${canary.tag}` : ''}`,
                ...(store.local
                    ? { push: `git push --force origin refs/tags/${tag}${dropped === 'done' ? ` :refs/tags/${canary.tag}` : ''}` }
                    : {}),
            };
        }
        case 'hold':
            return { action, outcome: 'held', message: `${action.version.tag} stays at ${action.version.version}: ${action.why}` };
    }
}
/** A serving version breached a guard (acted on or not), or a write failed: the run's status says so. */
function breachedOrFailed(outcome) {
    return (outcome.plans.some((plan) => plan.actions.some((action) => action.kind !== 'promote')) ||
        outcome.results.some((result) => result.outcome === 'failed'));
}

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
