import { z as listTags, E as aliasTag, F as listPromptFolders, q as splitPromptTag, H as versionTag, v as parseTagMessage, J as loadRepoConfig, K as loadPromptFolder, L as formatDiagnostic, M as recordingsPath, N as parseRecordings, u as parseAliasVersion, t as isAliasName, y as runGit, G as GitError } from './engine.js';
import { createGitSource } from './git-source.js';
import { sealLockfile } from './lockfile.js';
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");
globalThis.process.getBuiltinModule("node:child_process");

/**
 * One lockfile entry from a folder loaded at its tagged commit. `promptgate bundle` (from local
 * git) and the runtime's refresh (from the GitHub API) both build entries here, with the same
 * loader, so the same commit gives the same entry and the same digest.
 */
function lockedVersionOf(folder, config, origin, recordings) {
    const { settings } = folder;
    const locked = { provider: settings.provider, model: settings.model, variables: settings.variables };
    if (settings.temperature !== undefined)
        locked.temperature = settings.temperature;
    if (settings.maxTokens !== undefined)
        locked.maxTokens = settings.maxTokens;
    if (settings.tools?.length)
        locked.tools = settings.tools;
    // The `models:` entry of the model the app calls, with its own settings (reasoning_effort, ...).
    const own = settings.models?.find((entry) => entry.provider === settings.provider && entry.model === settings.model)?.settings;
    if (own && Object.keys(own).length > 0)
        locked.modelSettings = own;
    if (settings.structuredOutput === false)
        locked.structuredOutput = false;
    if (config.pricing && Object.keys(config.pricing).length > 0)
        locked.pricing = config.pricing;
    const metrics = folder.metrics?.map((metric) => metric.kind === 'built-in' ? { name: metric.name, kind: metric.kind } : { name: metric.name, kind: metric.kind, field: metric.field });
    return {
        id: folder.id,
        version: folder.version,
        ...origin,
        folder: folder.path,
        system: { file: folder.systemFile, template: folder.systemTemplate },
        examples: folder.examples,
        ...(folder.schema ? { schema: folder.schema } : {}),
        settings: locked,
        ...(metrics?.length ? { metrics } : {}),
        ...(folder.deploy ? { deploy: folder.deploy } : {}),
        ...(recordings && recordings.size > 0 ? { recordings: Object.fromEntries(recordings) } : {}),
    };
}

/** A prompt that cannot be bundled: the CLI exits 2 with this message, which names it. */
class BundleError extends Error {
    constructor(message) {
        super(message);
        this.name = 'BundleError';
    }
}
async function buildBundle(request) {
    const tags = new Map((await listTags(request.repoDir, 'prompts')).map((tag) => [tag.name, tag]));
    const pins = new Map(request.pins.map((pin) => [pin.id, pin.version]));
    const ids = await promptIds(request, tags, pins);
    const prompts = {};
    const drift = [];
    for (const id of ids) {
        const pinned = pins.get(id);
        const prompt = {};
        if (pinned !== undefined) {
            prompt.production = await loadVersion(request, tags, id, { tag: versionTag(id, pinned), version: pinned });
        }
        else if (request.alias === 'canary') {
            prompt.canary = await loadVersion(request, tags, id, aliasTarget(tags, id, 'canary'));
        }
        else {
            prompt.production = await loadVersion(request, tags, id, aliasTarget(tags, id, 'production'));
            const canary = tags.has(aliasTag(id, 'canary')) ? aliasTarget(tags, id, 'canary') : undefined;
            if (canary && canary.version !== prompt.production.version) {
                prompt.canary = await loadVersion(request, tags, id, canary);
                if (prompt.canary.deploy?.canary?.weight === undefined) {
                    throw new BundleError(`${id}: ${aliasTag(id, 'canary')} points at ${canary.version}, whose prompt.yaml has no deploy: { canary: { weight: N } }, so the bundle cannot tell what share of keys it gets`);
                }
            }
        }
        for (const version of Object.values(prompt)) {
            const changed = await workTreeDiffers(request.repoDir, version);
            if (changed)
                drift.push(changed);
        }
        prompts[id] = prompt;
    }
    const refs = [...(request.alias ? [request.alias] : []), ...request.pins.map((pin) => `${pin.id}@${pin.version}`)];
    return { lockfile: sealLockfile(refs, prompts), drift };
}
/** The prompts asked for: those under the paths, else every prompt with the alias, plus the pinned ones. */
async function promptIds(request, tags, pins) {
    const ids = new Set(pins.keys());
    if (request.roots.length > 0) {
        for (const folder of await listPromptFolders({ repoDir: request.repoDir, roots: request.roots }))
            ids.add(folder.id);
    }
    else if (request.alias) {
        for (const name of tags.keys()) {
            const parts = splitPromptTag(name);
            if (parts && parts[1] === request.alias)
                ids.add(parts[0]);
        }
    }
    if (ids.size === 0) {
        const what = request.roots.length > 0 ? `under ${request.roots.join(', ')}` : `with a prompts/<id>@${request.alias ?? 'production'} tag`;
        throw new BundleError(`no prompts ${what}: run promptgate release first, or name the versions with --ref <id>@<version>`);
    }
    return [...ids].sort();
}
/** The version an alias names: its message says (release mode writes it), else the one version tag on its commit. */
function aliasTarget(tags, id, alias) {
    const tag = aliasTag(id, alias);
    const info = tags.get(tag);
    if (!info) {
        throw new BundleError(`${id}: there is no tag ${tag}` +
            (alias === 'production'
                ? ' (promptgate release creates it when a version passes; or pin a version with --ref <id>@<version>)'
                : ' (promptgate release --canary <id>@<version> creates it)'));
    }
    const named = parseAliasVersion(info.message);
    if (named)
        return { tag, version: named };
    const sameCommit = [...tags.values()].filter((other) => {
        const parts = splitPromptTag(other.name);
        return parts?.[0] === id && !isAliasName(parts[1]) && other.commit === info.commit;
    });
    if (sameCommit.length !== 1) {
        throw new BundleError(`${id}: cannot tell which version ${tag} points at (its message names none, and ${sameCommit.length} version tags mark its commit)`);
    }
    return { tag, version: splitPromptTag(sameCommit[0].name)[1] };
}
/** Loads one version from its tag's commit with the loader the tests use, and makes its lockfile entry. */
async function loadVersion(request, tags, id, target) {
    const tagName = versionTag(id, target.version);
    const versionInfo = tags.get(tagName);
    const refInfo = tags.get(target.tag);
    if (!versionInfo || !refInfo) {
        const missing = versionInfo ? target.tag : tagName;
        throw new BundleError(`${id}: there is no tag ${missing}${target.tag !== tagName ? ` (${target.tag} names version ${target.version})` : ''}`);
    }
    if (refInfo.commit !== versionInfo.commit) {
        throw new BundleError(`${id}: ${target.tag} marks ${short(refInfo.commit)}, but ${tagName} marks ${short(versionInfo.commit)}`);
    }
    const folder = parseTagMessage(versionInfo.message)?.folder;
    if (!folder)
        throw new BundleError(`${id}: ${tagName} has no promptgate record naming its folder (was it made by promptgate release?)`);
    const at = `${id} ${target.version} (${tagName} at ${short(versionInfo.commit)})`;
    const source = createGitSource(request.repoDir, versionInfo.commit);
    try {
        const { config } = await loadRepoConfig(source);
        const loaded = await loadPromptFolder(source, folder, config);
        if (!loaded.ok)
            throw new BundleError(`${at}: ${folder} does not load: ${loaded.errors.map(formatDiagnostic).join('; ')}`);
        if (loaded.folder.id !== id || loaded.folder.version !== target.version) {
            throw new BundleError(`${at}: ${folder} holds ${loaded.folder.id} ${loaded.folder.version} at that commit`);
        }
        let recordings;
        if (request.withRecordings) {
            const file = recordingsPath(folder);
            const bytes = await source.read(file);
            recordings = bytes ? parseRecordings(file, bytes.toString('utf8')) : undefined;
        }
        const origin = { tag: tagName, ref: target.tag, refObject: refInfo.object, commit: versionInfo.commit };
        const entry = lockedVersionOf(loaded.folder, config, origin, recordings);
        // Every file the version reads (shared ones too) except its tests and recordings: the drift check.
        driftFiles.set(entry, loaded.folder.files);
        return entry;
    }
    finally {
        source.close();
    }
}
const driftFiles = new WeakMap();
/** A sentence when the work tree's copy of the version's files differs from the tagged commit's. */
async function workTreeDiffers(repoDir, version) {
    const files = (driftFiles.get(version) ?? []).filter((file) => !/(^|\/)(tests\.yaml|recordings\.json)$/.test(file));
    try {
        await runGit(repoDir, ['diff', '--quiet', '--no-ext-diff', version.commit, '--', ...files, 'promptgate.yaml', 'promptgate.yml']);
        return undefined;
    }
    catch (error) {
        if (!(error instanceof GitError) || error.exitCode !== 1)
            throw error;
    }
    return `${version.id}: ${version.folder} differs in the work tree from ${version.ref} (${version.version} at ${short(version.commit)}); the bundle holds the tagged version`;
}
const short = (commit) => commit.slice(0, 12);

export { BundleError, buildBundle };
