/**
 * Listing tags with git for-each-ref: release mode (release/git-tags.ts) and `promptgate bundle`
 * (runtime/build-bundle.ts) read the local repository's tags the same way.
 */
import { resolveRef, runGit } from './git.js';

export interface TagInfo {
  /** Short name, e.g. `customer-support/v2.0`. */
  name: string;
  /** The commit the tag points at, through the tag object for annotated tags. */
  commit: string;
  /** What the ref itself names: the tag object of an annotated tag, the commit of a lightweight one. */
  object: string;
  annotated: boolean;
  /** The annotated tag's full message (without trailing newline or signature); '' for lightweight tags. */
  message: string;
  /** When the annotated tag was made; undefined for lightweight tags. */
  taggerDate: Date | undefined;
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
export async function listTags(repoDir: string, pattern?: string): Promise<TagInfo[]> {
  // Messages span lines, so fields end in NUL; for-each-ref adds a newline after each record.
  const format = TAG_FIELDS.map((field) => `${field}%00`).join('');
  const output = await runGit(repoDir, ['for-each-ref', `--format=${format}`, pattern ? `refs/tags/${pattern}` : 'refs/tags']);
  const tokens = output.split('\0');
  const tags: TagInfo[] = [];
  for (let i = 0; i + TAG_FIELDS.length <= tokens.length; i += TAG_FIELDS.length) {
    const [rawName, type, object, peeledType, peeled, date, contents, signature] = tokens.slice(i, i + TAG_FIELDS.length);
    const name = rawName!.replace(/^\n/, '');
    const annotated = type === 'tag';
    let commit: string | undefined;
    if (type === 'commit') commit = object;
    else if (annotated && peeledType === 'commit') commit = peeled;
    else if (annotated && peeledType === 'tag') commit = await resolveRef(repoDir, `refs/tags/${name}`).catch(() => undefined); // a tag of a tag
    if (!commit) continue;
    const message = annotated ? contents!.slice(0, contents!.length - signature!.length).replace(/\n+$/, '') : '';
    tags.push({ name, commit, object: object!, annotated, message, taggerDate: date ? new Date(date) : undefined });
  }
  return tags;
}
