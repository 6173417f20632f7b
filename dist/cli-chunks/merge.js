const { readFile } = globalThis.process.getBuiltinModule("node:fs/promises");
import { v as concludeRun, e as compareText, w as summarize } from './cli-entry.js';
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:util");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:buffer");
globalThis.process.getBuiltinModule("node:vm");

/**
 * Refuses a set of shard results that would not add up to one run: a file that is not a
 * shard's, shards of different counts, a shard missing or given twice, or shards that ran
 * different commits (a re-run of one job after a push). Returns every problem at once, each
 * naming the files involved, so a broken matrix is fixed in one go.
 */
function checkShardSet(files) {
    if (files.length === 0)
        return ['no results files to merge'];
    const problems = [];
    const unsharded = files.filter((file) => !file.shard);
    for (const file of unsharded)
        problems.push(`${file.file} is not a shard's results (it was not run with --shard I/N)`);
    const sharded = files.filter((file) => !!file.shard);
    if (sharded.length === 0)
        return problems;
    const counts = [...new Set(sharded.map((file) => file.shard.count))];
    if (counts.length > 1) {
        problems.push(`the shards were split different ways: ${sharded.map((file) => `${file.file} is ${file.shard.index}/${file.shard.count}`).join(', ')}`);
        return problems;
    }
    const count = counts[0];
    for (let index = 1; index <= count; index += 1) {
        const same = sharded.filter((file) => file.shard.index === index);
        if (same.length === 0)
            problems.push(`shard ${index}/${count} is missing: every shard's results file is needed`);
        if (same.length > 1)
            problems.push(`shard ${index}/${count} was given twice: ${same.map((file) => file.file).join(', ')}`);
    }
    for (const [what, of] of [
        ['head commit', (file) => file.ref ?? '(none)'],
        ['base commit', (file) => file.base?.ref ?? '(none)'],
    ]) {
        const values = [...new Set(sharded.map(of))];
        if (values.length > 1) {
            problems.push(`the shards ran different ${what}s, so they are not one run: ${sharded.map((file) => `${file.file} ran ${of(file).slice(0, 12)}`).join(', ')}`);
        }
    }
    if (problems.length === 0 && new Set(sharded.map((file) => file.setup)).size > 1) {
        problems.push(`the shards ran with different settings or prompt selections, so they are not one run: ${sharded.map((file) => file.file).join(', ')}`);
    }
    return problems;
}

/**
 * `promptgate merge`: the shards' results files back into the results of one unsharded run.
 * Suites are joined by path and their tests put back in tests.yaml order; everything derived
 * (summaries, comparison, notices, gate) is computed again from the joined tests by the
 * engine's own assembly step, never added up from the shards' figures.
 */
/** The set of files cannot be merged; the message lists every problem. Exit status 2. */
class MergeError extends Error {
}
async function readShardFiles(paths) {
    return Promise.all(paths.map(async (file) => {
        let text;
        try {
            text = await readFile(file, 'utf8');
        }
        catch (error) {
            throw new MergeError(`cannot read ${file}: ${error.code ?? String(error)}`);
        }
        try {
            const results = JSON.parse(text);
            if (typeof results !== 'object' || results === null || !Array.isArray(results.suites))
                throw new Error('no suites');
            return { file, results };
        }
        catch {
            throw new MergeError(`${file} is not a promptgate results.json`);
        }
    }));
}
/** Refuses a set that is not one run, else joins it. */
function mergeShards(files) {
    const problems = checkShardSet(files.map(({ file, results }) => ({
        file,
        ...(results.shard ? { shard: { index: results.shard.index, count: results.shard.count } } : {}),
        ...((results.shard?.commit ?? results.ref) ? { ref: results.shard?.commit ?? results.ref } : {}),
        ...(results.base ? { base: { ref: results.base.ref } } : {}),
        setup: setupOf(results),
    })));
    if (problems.length > 0)
        throw new MergeError(`cannot merge the shards:\n${problems.map((problem) => `- ${problem}`).join('\n')}`);
    const ordered = [...files].sort((a, b) => a.results.shard.index - b.results.shard.index);
    const first = ordered[0].results;
    const run = first.shard.run;
    const baseRuns = ordered.flatMap(({ results }) => (results.base ? [results.base] : []));
    return concludeRun({
        facts: {
            toolVersion: first.tool.version,
            headRef: first.ref,
            responses: first.responses,
            threshold: first.threshold,
            roots: run.roots,
            changedOnly: run.changedOnly,
            cancelled: ordered.some(({ results }) => results.cancelled === true),
            maxCostIncreasePercent: run.maxCostIncreasePercent,
            failOnRegression: run.failOnRegression,
        },
        head: joinRuns(ordered.map(({ results }) => results.suites)),
        base: first.base ? { commit: first.base.ref, run: joinRuns(baseRuns.map((base) => base.suites)) } : undefined,
        pairs: run.pairs,
        selectedPaths: run.selectedPaths,
        diagnostics: run.diagnostics,
        blindSpots: run.blindSpots,
        notices: run.notices,
    });
}
/**
 * What must be the same in every shard for them to be one run, beyond the commits: the
 * settings and the selection (a shard started with other inputs ran another run).
 */
function setupOf(results) {
    const { shard } = results;
    return JSON.stringify([results.tool.version, results.responses, results.threshold, shard?.run ?? null]);
}
/**
 * One side's suites from every shard, joined by folder and model (a `models:` matrix runs one
 * suite per model), in the order one run reports them.
 */
function joinRuns(shards) {
    const bySuite = new Map();
    for (const suite of shards.flat()) {
        const key = JSON.stringify([suite.path, suite.provider, suite.model]);
        bySuite.set(key, [...(bySuite.get(key) ?? []), suite]);
    }
    const suites = [...bySuite.values()].map(joinSuite);
    // As SideRun reports them: folder order.
    suites.sort((a, b) => compareText(a.path, b.path));
    return { summary: summarize(suites.flatMap((suite) => suite.tests)), suites };
}
function joinSuite(pieces) {
    const tests = pieces.flatMap((piece) => piece.tests).sort(inFileOrder);
    // Folder-level fields (ids, model, load warnings) are the same in every piece of a folder;
    // spreading the first keeps results.json's key order.
    return { ...pieces[0], summary: summarize(tests), tests };
}
/** tests.yaml order: line, then name (a folder that failed to load has no line). */
function inFileOrder(a, b) {
    return (a.line ?? 0) - (b.line ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export { MergeError, mergeShards, readShardFiles };
