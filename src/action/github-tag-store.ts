/** Release tags through the GitHub API: the runner's checkout has no credentials to push with. */
import type { TagStore } from '../release/run-release.js';
import type { GitHubClient, Repo } from './github-client.js';
import { createAnnotatedTag, createTagObject, getTagObject, listMatchingTagRefs, updateTagRef } from './tags-api.js';

export function gitHubTagStore(client: GitHubClient, repo: Repo): TagStore {
  return {
    async list() {
      const refs = await listMatchingTagRefs(client, { ...repo, prefix: 'prompts/' });
      return Promise.all(
        refs.map(async (ref) => {
          if (ref.type !== 'tag') return { name: ref.tag, commit: ref.sha, message: '' };
          const tag = await getTagObject(client, { ...repo, tagSha: ref.sha, tag: ref.tag });
          return { name: ref.tag, commit: tag.commit, message: tag.message };
        }),
      );
    },
    async create(tag) {
      await createAnnotatedTag(client, { ...repo, tag: tag.tag, sha: tag.commit, message: tag.message });
    },
    async moveAlias(move) {
      // The alias is annotated too: its message names the version it points at.
      const tagSha = await createTagObject(client, { ...repo, tag: move.tag, sha: move.commit, message: move.message });
      await updateTagRef(client, { ...repo, tag: move.tag, sha: tagSha, force: true });
    },
  };
}
