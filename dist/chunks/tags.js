import { q as splitPromptTag, t as isAliasName, u as parseAliasVersion, v as parseTagMessage, w as compareVersions, x as checkRef, y as runGit, z as listTags, G as GitError } from './engine.js';
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

function indexTags(entries) {
    const prompts = new Map();
    const of = (id) => {
        let entry = prompts.get(id);
        if (!entry)
            prompts.set(id, (entry = { versions: new Map() }));
        return entry;
    };
    const aliases = [];
    for (const entry of entries) {
        const parts = splitPromptTag(entry.name);
        if (!parts)
            continue;
        const [id, version] = parts;
        if (isAliasName(version)) {
            if (version === 'production' || version === 'canary')
                aliases.push([id, version, entry]);
            continue;
        }
        of(id).versions.set(version, entry);
    }
    for (const [id, alias, entry] of aliases) {
        const prompt = of(id);
        // The alias's message names its version; else the one version tag on its commit.
        const named = parseAliasVersion(entry.message);
        const version = named ?? [...prompt.versions].filter(([, tag]) => tag.commit === entry.commit).map(([name]) => name)[0] ?? undefined;
        if (version === undefined)
            continue;
        prompt[alias] = { id, alias, tag: entry.name, version, commit: entry.commit, object: entry.object, message: entry.message };
    }
    return prompts;
}
/** The folder a version tag's record names (release mode writes it). */
function folderOf(entry) {
    return parseTagMessage(entry.message)?.folder || undefined;
}
/**
 * The version production pointed at before the current one: the alias message's
 * `previous-version:` (release mode and monitor write it whenever they move the alias) when it
 * is older, else (an alias written before that, or moved back by hand) the newest tagged
 * version older than the current one.
 */
function previousProduction(prompt) {
    const current = prompt.production;
    if (!current)
        return undefined;
    const recorded = /^previous-version: (.+)$/m.exec(current.message)?.[1]?.trim();
    // Only backwards: after a hand-made promote to an older version, its "previous" is the newer
    // version people just left, and monitor must not put that back.
    if (recorded && compareVersions(recorded, current.version) < 0) {
        const entry = prompt.versions.get(recorded);
        if (entry)
            return { version: recorded, entry, how: `the alias records it (previous-version: ${recorded})` };
    }
    const older = [...prompt.versions.keys()]
        .filter((version) => compareVersions(version, current.version) < 0)
        .sort((a, b) => compareVersions(b, a))[0];
    if (older === undefined)
        return undefined;
    return { version: older, entry: prompt.versions.get(older), how: `the newest tagged version older than ${current.version}` };
}
/** The version a rollback moved away from, when the alias is where a rollback put it. */
function rolledBackFrom(alias) {
    return /^rolled-back-from: (.+)$/m.exec(alias.message)?.[1]?.trim();
}
/** Local tags, written with git plumbing so each write is an atomic compare-and-swap of the ref. */
function gitMonitorTagStore(repoDir) {
    return {
        where: 'the local repository',
        local: true,
        async list() {
            const tags = await listTags(repoDir, 'prompts');
            return tags.map((tag) => ({ name: tag.name, commit: tag.commit, object: tag.object, message: tag.message }));
        },
        async moveAlias(tag, expected, commit, message) {
            checkRef(tag);
            const identity = (await runGit(repoDir, ['var', 'GIT_COMMITTER_IDENT']).catch(() => '')).trim();
            const tagger = identity || `promptgate <promptgate@users.noreply.github.com> ${Math.floor(Date.now() / 1000)} +0000`;
            const object = (await runGit(repoDir, ['mktag'], {
                input: `object ${commit}\ntype commit\ntag ${tag}\ntagger ${tagger}\n\n${message}`,
            })).trim();
            return compareAndSwap(repoDir, ['update-ref', `refs/tags/${tag}`, object, expected]);
        },
        dropAlias(tag, expected) {
            checkRef(tag);
            return compareAndSwap(repoDir, ['update-ref', '-d', `refs/tags/${tag}`, expected]);
        },
    };
}
/** git update-ref with an old value fails (exit 128) when the ref moved: that is a race, not an error. */
async function compareAndSwap(repoDir, args) {
    try {
        await runGit(repoDir, args);
        return 'done';
    }
    catch (error) {
        if (error instanceof GitError &&
            /cannot lock ref|but expected|unable to resolve reference/i.test(`${error.stderr}\n${error.message}`)) {
            return 'raced';
        }
        throw error;
    }
}

export { folderOf, gitMonitorTagStore, indexTags, previousProduction, rolledBackFrom };
