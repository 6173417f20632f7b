import { a5 as Z_95, a6 as wilsonInterval, f as formatInteger, a7 as formatMs } from './engine.js';

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

export { formatBounds as a, describeCheck as b, describeEvidence as c, describeFigure as d, checkGuard as e, formatValue as f, compareGuard as g, figuresOf as h };
