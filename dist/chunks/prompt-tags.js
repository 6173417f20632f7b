import { g as formatPercent, h as formatUsd } from './engine.js';

/**
 * The names of promptgate's release tags and what their alias messages say: one home shared by
 * release mode (which writes them), `promptgate bundle` and the runtime's refresh (which read
 * them). The tag plumbing itself is in git/tags.ts.
 */
/** The moving aliases a release can point at a tagged version; no version may be named like one. */
const PRODUCTION_ALIAS = 'production';
const CANARY_ALIAS = 'canary';
const ALIASES = [PRODUCTION_ALIAS, CANARY_ALIAS];
/** Whether a tag's version part is a moving alias rather than a version (case-insensitively). */
function isAliasName(version) {
    const lower = version.toLowerCase();
    return ALIASES.some((alias) => alias === lower);
}
/** `prompts/<id>@<version>`: one immutable tag per tested version. */
function versionTag(id, version) {
    return `prompts/${id}@${version}`;
}
/** `prompts/<id>@production` (or `@canary`): the moving alias an application loads. */
function aliasTag(id, alias) {
    return `prompts/${id}@${alias}`;
}
function productionTag(id) {
    return aliasTag(id, PRODUCTION_ALIAS);
}
function canaryTag(id) {
    return aliasTag(id, CANARY_ALIAS);
}
/** `prompts/<id>@<version>` \u2192 [id, version]; undefined for any other tag name. */
function splitPromptTag(name) {
    const match = /^prompts\/(.+)@([^@]+)$/.exec(name);
    return match ? [match[1], match[2]] : undefined;
}
/** The alias's own message names the version it points at (`production-version: v2.0`). */
function formatAliasMessage(id, version, commit, alias = PRODUCTION_ALIAS) {
    return `promptgate: ${alias} version of ${id} is ${version}\n\nprompt-id: ${id}\n${alias}-version: ${version}\ntested-commit: ${commit}\n`;
}
/** The version an alias message names, for either alias (undefined for a message promptgate did not write). */
function parseAliasVersion(message) {
    return /^(?:production|canary)-version: (.+)$/m.exec(message)?.[1]?.trim();
}
/** `model-result: openai:gpt-4o pass-rate=1.0000 passed=14 total=14 cost-usd=0.0035 [candidate]`, one line per model. */
function modelLine(record) {
    const rate = record.passRate === null ? 'none' : record.passRate.toFixed(4);
    const cost = record.costUsd === null ? 'unknown' : String(record.costUsd);
    const fields = `pass-rate=${rate} passed=${record.passed} total=${record.total} cost-usd=${cost}`;
    return `model-result: ${record.provider}:${record.model} ${fields}${record.candidate ? ' candidate' : ''}`;
}
function parseModelLine(value) {
    const match = /^(\S+?):(\S+) pass-rate=(\S+) passed=(\d+) total=(\d+) cost-usd=(\S+)( candidate)?$/.exec(value);
    if (!match)
        return undefined;
    const [, provider, model, rate, passed, total, cost, candidate] = match;
    return {
        provider: provider,
        model: model,
        passRate: rate === 'none' ? null : Number(rate),
        passed: Number(passed),
        total: Number(total),
        costUsd: cost === 'unknown' ? null : Number(cost),
        ...(candidate ? { candidate: true } : {}),
    };
}
const TRAILERS = [
    ['id', 'prompt-id'],
    ['version', 'prompt-version'],
    ['folder', 'folder'],
    ['passRate', 'pass-rate'],
    ['passed', 'passed'],
    ['total', 'total'],
    ['costUsd', 'cost-usd'],
    ['provider', 'provider'],
    ['model', 'model'],
    ['commit', 'tested-commit'],
];
function formatTagMessage(record) {
    const headline = record.models
        ? `promptgate: ${record.id} ${record.version} passed on ${record.models.length} models: ${record.models
            .map((model) => `${model.provider}:${model.model} ${model.passed}/${model.total}`)
            .join(', ')}`
        : `promptgate: ${record.id} ${record.version} passed ${record.passed}/${record.total} ` +
            `(${formatPercent(record.passRate)}) on ${record.provider} ${record.model}, ${formatUsd(record.costUsd)} per suite run`;
    const values = {
        id: record.id,
        version: record.version,
        folder: record.folder,
        passRate: record.passRate.toFixed(4),
        passed: String(record.passed),
        total: String(record.total),
        costUsd: record.costUsd === null ? 'unknown' : String(record.costUsd),
        provider: record.provider,
        model: record.model,
        commit: record.commit,
    };
    const models = (record.models ?? []).map((model) => `\n${modelLine(model)}`).join('');
    return `${headline}\n\n${TRAILERS.map(([field, key]) => `${key}: ${values[field]}`).join('\n')}${models}\n`;
}
/** Reads a record back; undefined for a tag promptgate did not write (or a lightweight one). */
function parseTagMessage(message) {
    const found = new Map();
    const models = [];
    for (const line of message.split('\n')) {
        const match = /^([a-z-]+): (.*)$/.exec(line.trim());
        if (!match)
            continue;
        if (match[1] === 'model-result') {
            const model = parseModelLine(match[2]);
            if (model)
                models.push(model);
        }
        else {
            found.set(match[1], match[2]);
        }
    }
    const get = (key) => found.get(key);
    const id = get('prompt-id');
    const version = get('prompt-version');
    const passRate = Number(get('pass-rate'));
    if (!id || !version || Number.isNaN(passRate))
        return undefined;
    const cost = get('cost-usd');
    return {
        id,
        version,
        folder: get('folder') ?? '',
        passRate,
        passed: Number(get('passed') ?? 0),
        total: Number(get('total') ?? 0),
        costUsd: cost === undefined || cost === 'unknown' ? null : Number(cost),
        provider: get('provider') ?? '',
        model: get('model') ?? '',
        commit: get('tested-commit') ?? '',
        ...(models.length > 0 ? { models } : {}),
    };
}

export { CANARY_ALIAS as C, PRODUCTION_ALIAS as P, parseTagMessage as a, aliasTag as b, productionTag as c, canaryTag as d, formatTagMessage as e, formatAliasMessage as f, isAliasName as i, parseAliasVersion as p, splitPromptTag as s, versionTag as v };
