import { isAliasName, productionTag, versionTag } from '../git/prompt-tags.js';

export {
  CANARY_ALIAS,
  canaryTag,
  formatAliasMessage,
  formatTagMessage,
  parseAliasVersion,
  parseTagMessage,
  type ModelRecord,
  type TagRecord,
  PRODUCTION_ALIAS,
  productionTag,
  versionTag,
} from '../git/prompt-tags.js';

/**
 * Whether git (and GitHub) accept `name` as a tag: the rules of git check-ref-format that a
 * prompt id or version can break (spaces, `..`, `~^:?*[\`, `@{`, a trailing `.lock` or dot).
 */
export function isValidTagName(name: string): boolean {
  if (/[\s~^:?*[\\\x00-\x1f\x7f]/.test(name) || name.includes('..') || name.includes('@{') || name.includes('//')) return false;
  return name.split('/').every((part) => part !== '' && !part.startsWith('.') && !part.endsWith('.lock') && !part.endsWith('.'));
}

/**
 * Why a prompt's id and version cannot be tagged, or undefined when they can. Checked before
 * a folder runs, so a version that can never be tagged costs no provider calls.
 */
export function tagNameProblem(id: string, version: string): string | undefined {
  // Case-insensitively: on macOS and Windows clones `Production` and `production` are one file.
  if (isAliasName(version)) {
    return `the version is named "${version}", like the moving alias prompts/${id}@${version.toLowerCase()}: give it another version in prompt.yaml`;
  }
  if (!isValidTagName(versionTag(id, version)) || !isValidTagName(productionTag(id))) {
    return 'not a valid git tag name: give the prompt a simpler id or version in prompt.yaml (no spaces, control characters, `..`, `~^:?*[\\`, `@{` or a trailing `.lock`)';
  }
  return undefined;
}
