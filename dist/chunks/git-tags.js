import { r as runGit, G as GitError, c as checkRef } from './engine.js';
import { l as listTags } from './tags.js';
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
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
