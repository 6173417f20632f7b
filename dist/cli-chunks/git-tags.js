import { r as runGit, a as resolveRef, G as GitError, c as checkRef } from './cli-entry.js';
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:util");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:buffer");

/**
 * The CLI's release mode on the local repository: listing, creating and moving annotated tags
 * with git. (The action's release mode tags through the GitHub API instead.)
 */
/** Tags in the local repository (the CLI); pushing them is left to the user, who is told how. */
function gitTagStore(repoDir) {
    return {
        async list() {
            // A pattern without a glob matches by prefix up to a slash, so ids with `/` are listed too.
            const tags = await listTags(repoDir, 'prompts');
            return tags.map((tag) => ({ name: tag.name, commit: tag.commit, message: tag.message }));
        },
        async create(tag) {
            await writeAnnotatedTag(repoDir, tag.tag, tag.commit, tag.message);
        },
        async moveAlias(move) {
            await writeAnnotatedTag(repoDir, move.tag, move.commit, move.message, { move: true });
        },
    };
}
/**
 * Whether the prompt itself (everything in the folder but its tests and recordings) differs
 * between two commits. Adding tests or re-recording answers does not make a new version.
 */
async function promptChangedInGit(repoDir, fromCommit, toCommit, folder) {
    try {
        await runGit(repoDir, [
            'diff',
            '--quiet',
            fromCommit,
            toCommit,
            '--',
            folder,
            `:(exclude)${folder}/tests.yaml`,
            `:(exclude)${folder}/recordings.json`,
        ]);
        return false;
    }
    catch (error) {
        if (error instanceof GitError && error.exitCode === 1)
            return true;
        throw error;
    }
}
const TAG_FIELDS = [
    '%(refname:lstrip=2)',
    '%(objecttype)',
    '%(objectname)',
    '%(*objecttype)',
    '%(*objectname)',
    '%(taggerdate:iso-strict)',
    '%(contents)',
    '%(contents:signature)',
];
/**
 * Tags whose name matches `pattern` (a for-each-ref glob on the name: `prod/*`, `v1.*`; `*`
 * does not cross `/`), sorted by name. Omitting the pattern lists every tag. Tags of
 * trees or blobs are left out: only commits are prompt versions.
 */
async function listTags(repoDir, pattern) {
    // Messages span lines, so fields end in NUL; for-each-ref adds a newline after each record.
    const format = TAG_FIELDS.map((field) => `${field}%00`).join('');
    const output = await runGit(repoDir, ['for-each-ref', `--format=${format}`, pattern ? `refs/tags/${pattern}` : 'refs/tags']);
    const tokens = output.split('\0');
    const tags = [];
    for (let i = 0; i + TAG_FIELDS.length <= tokens.length; i += TAG_FIELDS.length) {
        const [rawName, type, object, peeledType, peeled, date, contents, signature] = tokens.slice(i, i + TAG_FIELDS.length);
        const name = rawName.replace(/^\n/, '');
        const annotated = type === 'tag';
        let commit;
        if (type === 'commit')
            commit = object;
        else if (annotated && peeledType === 'commit')
            commit = peeled;
        else if (annotated && peeledType === 'tag')
            commit = await resolveRef(repoDir, `refs/tags/${name}`).catch(() => undefined); // a tag of a tag
        if (!commit)
            continue;
        const message = annotated ? contents.slice(0, contents.length - signature.length).replace(/\n+$/, '') : '';
        tags.push({ name, commit, annotated, message, taggerDate: date ? new Date(date) : undefined });
    }
    return tags;
}
/** Creates an annotated tag at `commit` (or, with `move`, points an alias there). */
async function writeAnnotatedTag(repoDir, name, commit, message, options = {}) {
    checkRef(name);
    checkRef(commit);
    const identity = options.tagger ? ['-c', `user.name=${options.tagger.name}`, '-c', `user.email=${options.tagger.email}`] : [];
    // --cleanup=whitespace keeps lines starting with `#` (Markdown headings) that the default would strip.
    const args = [
        ...identity,
        'tag',
        '--annotate',
        ...(options.move ? ['--force'] : []),
        '--cleanup=whitespace',
        '--file=-',
        name,
        `${commit}^{commit}`,
    ];
    await runGit(repoDir, args, { input: message });
}

export { gitTagStore, listTags, promptChangedInGit, writeAnnotatedTag };
