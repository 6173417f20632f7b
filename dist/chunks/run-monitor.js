import { Z as DEFAULT_MIN_SAMPLES, _ as formatAliasMessage } from './engine.js';
import { f as failed, a as answered, r as readSpans, V as VersionLoader, E as EXECUTION_ATTRIBUTES, e as executionOf } from './versions.js';
import { e as checkGuard, g as compareGuard, h as figuresOf, c as describeEvidence } from './evidence.js';
import { rolledBackFrom, previousProduction, indexTags } from './tags.js';
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");
import './git-source.js';
globalThis.process.getBuiltinModule("node:child_process");

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
const emptyField = () => ({ booleans: 0, trues: 0, numbers: emptyMoments() });
/** A group with nothing counted yet: one place that lists every total. */
function emptyTotals(prompt, version, variant, firstMs, lastMs) {
    return {
        prompt,
        version,
        variant,
        commits: new Set(),
        executions: 0,
        failures: 0,
        failureTypes: new Map(),
        answered: 0,
        latencies: new Latencies(),
        cost: emptyMoments(),
        fields: new Map(),
        firstMs,
        lastMs,
    };
}
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
            group = emptyTotals(execution.prompt, execution.version, execution.variant, execution.endMs, execution.endMs);
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
                totals = emptyField();
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
    const merged = emptyTotals(first.prompt, first.version, groups.map((group) => group.variant).join('+'), Math.min(...groups.map((group) => group.firstMs)), Math.max(...groups.map((group) => group.lastMs)));
    for (const group of groups) {
        for (const commit of group.commits)
            merged.commits.add(commit);
        merged.executions += group.executions;
        merged.failures += group.failures;
        merged.answered += group.answered;
        for (const [type, count] of group.failureTypes)
            merged.failureTypes.set(type, (merged.failureTypes.get(type) ?? 0) + count);
        for (const value of group.latencies.sorted())
            merged.latencies.push(value);
        addMoments(merged.cost, group.cost);
        for (const [field, totals] of group.fields) {
            const into = merged.fields.get(field) ?? emptyField();
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

export { breachedOrFailed, runMonitor };
