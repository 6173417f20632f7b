import { g as getTagRef, d as deleteTagRef, c as createTagObject, u as updateTagRef, l as listMatchingTagRefs, a as getTagObject } from '../index.js';

/**
 * GitHub has no compare-and-swap for a tag ref, so each write reads the ref again just before
 * it and gives up when it moved since monitor's first read (a release in between). What is left
 * is the milliseconds between that read and the write, against the minutes a monitor run takes.
 */
function gitHubMonitorTagStore(client, repo) {
    return {
        where: `${repo.owner}/${repo.repo} on GitHub`,
        async list() {
            const refs = await listMatchingTagRefs(client, { ...repo, prefix: 'prompts/' });
            return Promise.all(refs.map(async (ref) => {
                if (ref.type !== 'tag')
                    return { name: ref.tag, commit: ref.sha, object: ref.sha, message: '' };
                const tag = await getTagObject(client, { ...repo, tagSha: ref.sha, tag: ref.tag });
                return { name: ref.tag, commit: tag.commit, object: ref.sha, message: tag.message };
            }));
        },
        async moveAlias(tag, expected, commit, message) {
            const current = await getTagRef(client, { ...repo, tag });
            if ((current?.sha ?? '') !== expected)
                return 'raced';
            const tagSha = await createTagObject(client, { ...repo, tag, sha: commit, message });
            await updateTagRef(client, { ...repo, tag, sha: tagSha, force: true });
            return 'done';
        },
        async dropAlias(tag, expected) {
            const current = await getTagRef(client, { ...repo, tag });
            if (!current || current.sha !== expected)
                return 'raced';
            return (await deleteTagRef(client, { ...repo, tag })) ? 'done' : 'raced';
        },
    };
}

export { gitHubMonitorTagStore as g };
