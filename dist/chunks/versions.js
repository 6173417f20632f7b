import { e as compareText, f as compareVersions, g as formatPercent, h as formatUsd } from './engine.js';
import { P as PRODUCTION_ALIAS, p as parseAliasVersion, C as CANARY_ALIAS, a as parseTagMessage } from './prompt-tags.js';
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/** Every prompt id with its tagged versions (oldest first) and the one production points at. */
function listVersions(tags) {
    const byId = new Map();
    const entry = (id) => byId.get(id) ?? byId.set(id, { id, versions: [] }).get(id);
    for (const tag of tags) {
        const match = /^prompts\/(.+)@(.+)$/.exec(tag.name);
        if (!match)
            continue;
        const [, id, version] = match;
        if (version === PRODUCTION_ALIAS) {
            const target = parseAliasVersion(tag.message);
            if (target)
                entry(id).production = target;
            continue;
        }
        if (version === CANARY_ALIAS) {
            const target = parseAliasVersion(tag.message);
            if (target)
                entry(id).canary = target;
            continue;
        }
        const record = parseTagMessage(tag.message);
        entry(id).versions.push({
            version,
            tag: tag.name,
            commit: tag.commit,
            folder: record?.folder ?? '',
            passRate: record?.passRate ?? null,
            costUsd: record?.costUsd ?? null,
            model: record?.model ?? '',
            ...(record?.models ? { models: record.models } : {}),
            production: false,
        });
    }
    const list = [...byId.values()].sort((a, b) => compareText(a.id, b.id));
    for (const prompt of list) {
        prompt.versions.sort((a, b) => compareVersions(a.version, b.version));
        for (const version of prompt.versions)
            version.production = version.version === prompt.production;
    }
    return list;
}
function renderVersions(list) {
    if (list.length === 0)
        return 'No tagged prompt versions yet (promptgate release creates them).';
    const lines = [];
    for (const prompt of list) {
        const canary = prompt.canary ? `, canary: ${prompt.canary}` : '';
        lines.push(`${prompt.id}${prompt.production ? `  (production: ${prompt.production}${canary})` : `  (no production alias${canary})`}`);
        for (const v of prompt.versions) {
            const figures = v.passRate === null ? 'no eval record' : `${formatPercent(v.passRate)} passed \u00b7 ${formatUsd(v.costUsd)} per suite run \u00b7 ${v.model}`;
            lines.push(`  ${v.production ? '*' : ' '} ${v.version.padEnd(10)} ${v.commit.slice(0, 12)}  ${figures}  ${v.folder}`);
            for (const model of v.models ?? []) {
                const rate = model.passRate === null ? 'not run' : formatPercent(model.passRate);
                const candidate = model.candidate ? ' (candidate)' : '';
                lines.push(`               ${model.provider}:${model.model}: ${rate} passed \u00b7 ${formatUsd(model.costUsd)} per suite run${candidate}`);
            }
        }
    }
    return lines.join('\n');
}

export { listVersions, renderVersions };
