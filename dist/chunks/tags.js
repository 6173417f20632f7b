import { r as runGit, a as resolveRef } from './engine.js';

/**
 * Listing tags with git for-each-ref: release mode (release/git-tags.ts) and `promptgate bundle`
 * (runtime/build-bundle.ts) read the local repository's tags the same way.
 */
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
        tags.push({ name, commit, object: object, annotated, message, taggerDate: date ? new Date(date) : undefined });
    }
    return tags;
}

export { listTags as l };
