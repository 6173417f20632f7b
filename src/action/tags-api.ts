/**
 * Release tags and releases through the Git database API: the runner's checkout has no
 * credentials to push tags with. Each failure is thrown as a GitHubCallError naming the tag.
 */
import type { GitHubClient, Repo } from './github-client.js';
import { GitHubCallError, statusOf } from './github-errors.js';

export interface TagRef {
  /** Full ref name, `refs/tags/<tag>`. */
  ref: string;
  /** The object the ref points at: the tag object for annotated tags, the commit otherwise. */
  sha: string;
  type: 'commit' | 'tag' | string;
}

/** Runs one call; a failure becomes one sentence that says what was tried. */
async function call<T>(whatWeTried: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw new GitHubCallError(error, whatWeTried);
  }
}

/** The tag's ref, or undefined when there is no such tag. */
export async function getTagRef(client: GitHubClient, target: Repo & { tag: string }): Promise<TagRef | undefined> {
  try {
    const { data } = await client.rest.git.getRef({ owner: target.owner, repo: target.repo, ref: `tags/${target.tag}` });
    return { ref: data.ref, sha: data.object.sha, type: data.object.type };
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw new GitHubCallError(error, `read tag ${target.tag}`);
  }
}

/** A tag object alone (no ref yet): the message records what passed. */
export async function createTagObject(client: GitHubClient, target: Repo & { tag: string; sha: string; message: string }): Promise<string> {
  const { data } = await call(`create the tag object for ${target.tag}`, () =>
    client.rest.git.createTag({
      owner: target.owner,
      repo: target.repo,
      tag: target.tag,
      message: target.message,
      object: target.sha,
      type: 'commit',
    }),
  );
  return data.sha;
}

export interface CreatedTag {
  ref: string;
  /** The annotated tag object. */
  tagSha: string;
}

/**
 * An annotated tag is two calls: the tag object, then the ref that makes it visible. A
 * "Reference already exists" 422 is left to the caller (its message says "the tag already
 * exists"); the orphaned tag object is garbage-collected by GitHub.
 */
export async function createAnnotatedTag(
  client: GitHubClient,
  target: Repo & { tag: string; sha: string; message: string },
): Promise<CreatedTag> {
  const tagSha = await createTagObject(client, target);
  const { data: ref } = await call(`create tag ${target.tag}`, () =>
    client.rest.git.createRef({ owner: target.owner, repo: target.repo, ref: `refs/tags/${target.tag}`, sha: tagSha }),
  );
  return { ref: ref.ref, tagSha };
}

/**
 * Points a moving alias (e.g. `prompts/support@production`) at `sha`, creating the tag the
 * first time. `force` allows a move that is not a fast-forward, which moving an alias usually is.
 */
export async function updateTagRef(
  client: GitHubClient,
  target: Repo & { tag: string; sha: string; force: boolean },
): Promise<{ action: 'created' | 'updated' | 'unchanged' }> {
  const current = await getTagRef(client, target);
  if (!current) {
    await call(`create tag ${target.tag}`, () =>
      client.rest.git.createRef({ owner: target.owner, repo: target.repo, ref: `refs/tags/${target.tag}`, sha: target.sha }),
    );
    return { action: 'created' };
  }
  if (current.sha === target.sha) return { action: 'unchanged' };
  await call(`move tag ${target.tag}`, () =>
    client.rest.git.updateRef({ owner: target.owner, repo: target.repo, ref: `tags/${target.tag}`, sha: target.sha, force: target.force }),
  );
  return { action: 'updated' };
}

/** Deletes a tag's ref (a dropped canary); false when there was no such tag. */
export async function deleteTagRef(client: GitHubClient, target: Repo & { tag: string }): Promise<boolean> {
  try {
    await client.rest.git.deleteRef({ owner: target.owner, repo: target.repo, ref: `tags/${target.tag}` });
    return true;
  } catch (error) {
    if (statusOf(error) === 422 || statusOf(error) === 404) return false;
    throw new GitHubCallError(error, `delete tag ${target.tag}`);
  }
}

/** An annotated tag object's target commit and message. */
export async function getTagObject(
  client: GitHubClient,
  target: Repo & { tagSha: string; tag: string },
): Promise<{ commit: string; message: string }> {
  const { data } = await call(`read tag ${target.tag}`, () =>
    client.rest.git.getTag({ owner: target.owner, repo: target.repo, tag_sha: target.tagSha }),
  );
  return { commit: data.object.sha, message: data.message };
}

export interface MatchingTag {
  /** Tag name without `refs/tags/`. */
  tag: string;
  sha: string;
  type: string;
}

/** Tags whose name starts with `prefix` (e.g. `prompts/`), to find the versions already released. */
export async function listMatchingTagRefs(client: GitHubClient, target: Repo & { prefix: string }): Promise<MatchingTag[]> {
  const refs = await call(`list the tags starting with ${target.prefix}`, () =>
    client.paginate(client.rest.git.listMatchingRefs, { owner: target.owner, repo: target.repo, ref: `tags/${target.prefix}` }),
  );
  return refs.map((ref) => ({ tag: ref.ref.replace(/^refs\/tags\//, ''), sha: ref.object.sha, type: ref.object.type }));
}

/** A published release for an existing tag. GitHub caps the body at 125,000 characters. */
export async function createRelease(
  client: GitHubClient,
  target: Repo & { tag: string; name: string; body: string },
): Promise<{ id: number; url: string }> {
  const { data } = await call(`create the GitHub release for ${target.tag}`, () =>
    client.rest.repos.createRelease({ owner: target.owner, repo: target.repo, tag_name: target.tag, name: target.name, body: target.body }),
  );
  return { id: data.id, url: data.html_url };
}
