import { t as isAliasName, H as versionTag, $ as productionTag, u as parseAliasVersion, _ as formatAliasMessage, a0 as canaryTag, a1 as suitesByPath, a2 as verdictOf, a3 as formatTagMessage, v as parseTagMessage, w as compareVersions, a4 as runEngine, F as listPromptFolders } from './engine.js';
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/**
 * Whether git (and GitHub) accept `name` as a tag: the rules of git check-ref-format that a
 * prompt id or version can break (spaces, `..`, `~^:?*[\`, `@{`, a trailing `.lock` or dot).
 */
function isValidTagName(name) {
    if (/[\s~^:?*[\\\x00-\x1f\x7f]/.test(name) || name.includes('..') || name.includes('@{') || name.includes('//'))
        return false;
    return name.split('/').every((part) => part !== '' && !part.startsWith('.') && !part.endsWith('.lock') && !part.endsWith('.'));
}
/**
 * Why a prompt's id and version cannot be tagged, or undefined when they can. Checked before
 * a folder runs, so a version that can never be tagged costs no provider calls.
 */
function tagNameProblem(id, version) {
    // Case-insensitively: on macOS and Windows clones `Production` and `production` are one file.
    if (isAliasName(version)) {
        return `the version is named "${version}", like the moving alias prompts/${id}@${version.toLowerCase()}: give it another version in prompt.yaml`;
    }
    if (!isValidTagName(versionTag(id, version)) || !isValidTagName(productionTag(id))) {
        return 'not a valid git tag name: give the prompt a simpler id or version in prompt.yaml (no spaces, control characters, `..`, `~^:?*[\\`, `@{` or a trailing `.lock`)';
    }
    return undefined;
}

/**
 * Release mode `--canary id@version` (action input `canary`): points the moving tag
 * `prompts/<id>@canary` at a version that is already tagged, as `--promote` points production.
 * Nothing runs: the version passed its suite when it was tagged. An app's bundle then holds both
 * versions and sends the share of traffic the canary's prompt.yaml `deploy: { canary: { weight } }`
 * names to it (runtime/routing.ts).
 */
function canaryMove(spec, tags) {
    const [id, version] = splitCanary(spec);
    const target = tags.get(versionTag(id, version));
    if (!target)
        throw new Error(`cannot make ${id}@${version} the canary: there is no tag ${versionTag(id, version)}`);
    const production = tags.get(productionTag(id));
    if (production && parseAliasVersion(production.message) === version) {
        throw new Error(`cannot make ${id}@${version} the canary: it is already the production version`);
    }
    const alias = canaryTag(id);
    const current = tags.get(alias);
    const from = current ? parseAliasVersion(current.message) : undefined;
    if (current && from === version && current.commit === target.commit)
        return [];
    return [
        {
            tag: alias,
            id,
            version,
            commit: target.commit,
            message: formatAliasMessage(id, version, target.commit, 'canary'),
            ...(from ? { from } : {}),
        },
    ];
}
/** `customer-support@v2.1` (or `prompts/customer-support@v2.1`) \u2192 [id, version]. */
function splitCanary(value) {
    const match = /^(?:prompts\/)?(.+)@([^@]+)$/.exec(value.trim());
    if (!match)
        throw new Error(`canary must look like <prompt id>@<version>, e.g. customer-support@v2.1; got "${value}"`);
    return [match[1], match[2]];
}

/**
 * Decides, without touching anything, which tags to create and which aliases to move.
 * Idempotent by construction: a second run on the same commit finds every tag in place.
 */
async function planRelease(input) {
    const tags = new Map(input.existingTags.map((tag) => [tag.name, tag]));
    const plan = { create: [], skipped: [], conflicts: [], aliasMoves: [] };
    const folders = suitesByPath(input.suites);
    for (const suite of input.suites) {
        // A `models:` matrix runs one folder as one suite per model: its version is one tag, made
        // once, and only when every model holds.
        const models = folders.get(suite.path) ?? [suite];
        if (models[0] !== suite)
            continue;
        const tag = versionTag(suite.id, suite.version);
        const { summary } = suite;
        const nameProblem = tagNameProblem(suite.id, suite.version);
        if (nameProblem) {
            plan.skipped.push({ folder: suite.path, tag, reason: nameProblem });
            continue;
        }
        // Input problems (a promptgate.yaml error, say) make the whole verdict untrustworthy.
        if (input.gate?.exitCode === 2) {
            plan.skipped.push({
                folder: suite.path,
                tag,
                reason: 'the run could not be judged (see the input problems above), so nothing is tagged',
            });
            continue;
        }
        if (suite.tests.some((test) => test.errorKind === 'invalid-input')) {
            plan.skipped.push({ folder: suite.path, tag, reason: 'the prompt folder has input problems' });
            continue;
        }
        // The gate's own verdict of each model: a version is tagged exactly when none of its gated
        // models is blocked (a candidate model, gate: false, never holds a release back).
        const gateFailure = models
            .flatMap((model) => {
            const verdict = input.gate ? verdictOf(input.gate, model) : undefined;
            const reasons = verdict ? verdict.reasons : ['the run has no verdict for it'];
            return reasons.map((reason) => (models.length > 1 ? `${model.provider}:${model.model}: ${reason}` : reason));
        })
            .join('; ');
        if (gateFailure !== '' || summary.passRate === null) {
            plan.skipped.push({ folder: suite.path, tag, reason: gateFailure || 'not run' });
            continue;
        }
        const existing = tags.get(tag);
        if (existing) {
            if (existing.commit === input.commit) {
                plan.skipped.push({ folder: suite.path, tag, reason: 'already tagged at this commit' });
            }
            else if (await input.promptChanged(existing.commit, suite.path)) {
                plan.conflicts.push({
                    folder: suite.path,
                    tag,
                    reason: `${tag} already marks commit ${existing.commit.slice(0, 12)}, and the prompt differs at ${input.commit.slice(0, 12)}: versions are immutable, so give the changed prompt a new version`,
                });
            }
            else {
                plan.skipped.push({ folder: suite.path, tag, reason: `already tagged at ${existing.commit.slice(0, 12)} with the same prompt` });
            }
            continue;
        }
        plan.create.push({
            tag,
            folder: suite.path,
            commit: input.commit,
            suite,
            message: formatTagMessage({
                id: suite.id,
                version: suite.version,
                folder: suite.path,
                passRate: summary.passRate,
                passed: summary.passed,
                total: summary.total,
                costUsd: summary.costUsd,
                provider: suite.provider,
                model: suite.model,
                commit: input.commit,
                ...(models.length > 1 ? { models: models.map(modelRecord) } : {}),
            }),
        });
    }
    // An unjudgeable run moves no alias either; an explicit promote needs no verdict.
    const judged = input.gate?.exitCode !== 2;
    if (input.promote || (input.productionAlias && judged))
        plan.aliasMoves = aliasMoves(input, tags, plan.create);
    return plan;
}
/** One model's figures for the tag record of a `models:` matrix. */
function modelRecord(suite) {
    return {
        provider: suite.provider,
        model: suite.model,
        passRate: suite.summary.passRate,
        passed: suite.summary.passed,
        total: suite.summary.total,
        costUsd: suite.summary.costUsd,
        ...(suite.candidate ? { candidate: true } : {}),
    };
}
function aliasMoves(input, tags, created) {
    // Every tagged version per prompt id, existing and about to be created.
    const versions = new Map();
    const add = (id, entry) => versions.set(id, [...(versions.get(id) ?? []), entry]);
    for (const tag of tags.values()) {
        const record = parseTagMessage(tag.message);
        const match = /^prompts\/(.+)@(.+)$/.exec(tag.name);
        if (!match || isAliasName(match[2]))
            continue;
        add(record?.id ?? match[1], { version: record?.version ?? match[2], commit: tag.commit });
    }
    for (const tag of created)
        add(tag.suite.id, { version: tag.suite.version, commit: tag.commit });
    const moves = [];
    const move = (id, target) => {
        const alias = productionTag(id);
        const current = tags.get(alias);
        const from = current ? parseAliasVersion(current.message) : undefined;
        if (current && from === target.version && current.commit === target.commit)
            return;
        moves.push({
            tag: alias,
            id,
            version: target.version,
            commit: target.commit,
            // The version it leaves is recorded: monitor rolls back to it when the new one breaches a guard.
            message: formatAliasMessage(id, target.version, target.commit, 'production', from ? { previous: from } : {}),
            ...(from ? { from } : {}),
        });
    };
    if (input.promote) {
        const [id, version] = splitPromote(input.promote);
        const target = versions.get(id)?.find((entry) => entry.version === version);
        if (!target)
            throw new Error(`cannot promote ${input.promote}: there is no tag ${versionTag(id, version)}`);
        move(id, target);
        return moves;
    }
    const justTagged = new Set(created.map((tag) => `${tag.suite.id}@${tag.suite.version}`));
    for (const [id, list] of versions) {
        const current = tags.get(productionTag(id));
        const currentVersion = current ? parseAliasVersion(current.message) : undefined;
        // With an alias in place, only a version tagged by this run moves it, and only forward:
        // a rollback (promote) sticks until a newer version is released. Going back is said
        // explicitly, with promote.
        const candidates = current ? list.filter((entry) => justTagged.has(`${id}@${entry.version}`)) : list;
        const newest = [...candidates].sort((a, b) => compareVersions(b.version, a.version))[0];
        if (!newest)
            continue;
        if (currentVersion && compareVersions(newest.version, currentVersion) <= 0)
            continue;
        move(id, newest);
    }
    return moves;
}
/** `customer-support@v1.0` (or `prompts/customer-support@v1.0`) \u2192 [id, version]. */
function splitPromote(value) {
    const match = /^(?:prompts\/)?(.+)@([^@]+)$/.exec(value.trim());
    if (!match)
        throw new Error(`promote must look like <prompt id>@<version>, e.g. customer-support@v1.0; got "${value}"`);
    return [match[1], match[2]];
}

/** Why a planned tag or alias move was not written: the signal came first. */
const CANCELLED_RELEASE = 'the release was cancelled: no tag is created or moved after a cancel';
/**
 * Release mode: run the suite of every version that has no tag yet (or whose prompt changed
 * since its tag), then tag each passing one and move the production alias forward. A tagged
 * version whose prompt is unchanged is immutable and its record is in its tag: it is not run
 * again. A failing version is never tagged. Every tag is attempted on its own: one failed call
 * (a tag created meanwhile, a token without `contents: write`) does not stop the others.
 *
 * A cancel (the engine's signal: SIGINT / SIGTERM) stops it like a test run: no provider call
 * starts, and from then on no tag is created and no alias moved, whatever the partial results
 * say. The tags the plan wanted are listed as skipped, so the report says what was left undone.
 */
async function runRelease(options) {
    const signal = options.engine.signal;
    const existingTags = await options.store.list();
    let engine;
    const notRun = [];
    if (!options.promote && !options.canary) {
        const selection = await selectVersionsToRun(options, existingTags);
        notRun.push(...selection.notRun);
        if (selection.toRun.length > 0)
            engine = await runEngine({ ...options.engine, roots: selection.toRun, changedOnly: false });
    }
    const plan = options.canary
        ? {
            create: [],
            skipped: [],
            conflicts: [],
            aliasMoves: canaryMove(options.canary, new Map(existingTags.map((tag) => [tag.name, tag]))),
        }
        : await planRelease({
            suites: engine?.results.suites ?? [],
            existingTags,
            commit: options.commit,
            gate: engine?.results.gate,
            productionAlias: options.productionAlias,
            ...(options.promote ? { promote: options.promote } : {}),
            promptChanged: options.promptChanged,
        });
    plan.skipped.unshift(...notRun);
    const created = [];
    const skipped = [...plan.skipped];
    const failed = plan.conflicts.map(({ tag, folder, reason }) => ({ tag, folder, reason }));
    for (const tag of plan.create) {
        // Checked before every write: a signal that lands between two tags stops the rest.
        if (signal?.aborted) {
            skipped.push({ folder: tag.folder, tag: tag.tag, reason: CANCELLED_RELEASE });
            continue;
        }
        try {
            await options.store.create(tag);
        }
        catch (error) {
            failed.push({ tag: tag.tag, folder: tag.folder, reason: failureSentence(error, `create tag ${tag.tag}`, tag.tag) });
            continue;
        }
        created.push(tag.tag);
        try {
            await options.onTagCreated?.(tag);
        }
        catch (error) {
            failed.push({ tag: tag.tag, folder: tag.folder, reason: failureSentence(error, `publish the release for ${tag.tag}`, tag.tag) });
        }
    }
    const moved = [];
    for (const move of plan.aliasMoves) {
        // An alias must never point at a version whose own tag is missing.
        const versionTagName = versionTag(move.id, move.version);
        const planned = plan.create.find((tag) => tag.tag === versionTagName);
        if (signal?.aborted) {
            // A promote has no folder that ran: the alias alone names what was left undone.
            const folder = planned?.folder ?? engine?.results.suites.find((suite) => suite.id === move.id)?.path ?? '';
            skipped.push({ folder, tag: move.tag, reason: CANCELLED_RELEASE });
            continue;
        }
        if (planned && !created.includes(versionTagName)) {
            skipped.push({
                folder: planned.folder,
                tag: move.tag,
                reason: `not moved to ${move.version}: tagging ${versionTagName} failed, and an alias never points at an untagged version`,
            });
            continue;
        }
        try {
            await options.store.moveAlias(move);
            moved.push(move);
        }
        catch (error) {
            failed.push({ tag: move.tag, reason: failureSentence(error, `move ${move.tag} to ${move.version}`, move.tag) });
        }
    }
    return { ...(engine ? { engine } : {}), plan, created, moved, skipped, failed, cancelled: signal?.aborted === true };
}
/**
 * Versions already tagged (at this commit, or with the same prompt) and versions that can
 * never be tagged are not run: their tests would cost provider calls for nothing.
 */
async function selectVersionsToRun(options, existingTags) {
    const tags = new Map(existingTags.map((tag) => [tag.name, tag]));
    const toRun = [];
    const notRun = [];
    for (const folder of await listPromptFolders(options.engine)) {
        const tag = versionTag(folder.id, folder.version);
        const nameProblem = tagNameProblem(folder.id, folder.version);
        const existing = tags.get(tag);
        if (nameProblem) {
            notRun.push({ folder: folder.path, tag, reason: nameProblem });
        }
        else if (existing && existing.commit === options.commit) {
            notRun.push({ folder: folder.path, tag, reason: 'already tagged at this commit' });
        }
        else if (existing && !(await options.promptChanged(existing.commit, folder.path))) {
            notRun.push({ folder: folder.path, tag, reason: `already tagged at ${existing.commit.slice(0, 12)} with the same prompt` });
        }
        else {
            toRun.push(folder.path);
        }
    }
    return { toRun, notRun };
}
/** The error's own sentence when it names the tag (the GitHub calls' do), else one that does. */
function failureSentence(error, whatWeTried, tag) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
    return message.includes(tag) ? message : `Could not ${whatWeTried}: ${message}`;
}

export { CANCELLED_RELEASE, runRelease };
