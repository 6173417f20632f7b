import { formatPercent, formatUsd } from '../lib/format.js';
import { isAliasName, productionTag, versionTag } from '../git/prompt-tags.js';

export {
  CANARY_ALIAS,
  canaryTag,
  formatAliasMessage,
  parseAliasVersion,
  PRODUCTION_ALIAS,
  productionTag,
  versionTag,
} from '../git/prompt-tags.js';

/**
 * What a release tag records about the version it marks. It lives in the annotated tag's
 * message as `key: value` trailer lines, so `promptgate versions` (or any script with git)
 * can read it back without a database.
 */
export interface TagRecord {
  id: string;
  version: string;
  folder: string;
  passRate: number;
  passed: number;
  total: number;
  costUsd: number | null;
  provider: string;
  model: string;
  /** The commit the suite ran on. */
  commit: string;
}

const TRAILERS: [keyof TagRecord, string][] = [
  ['id', 'prompt-id'],
  ['version', 'prompt-version'],
  ['folder', 'folder'],
  ['passRate', 'pass-rate'],
  ['passed', 'passed'],
  ['total', 'total'],
  ['costUsd', 'cost-usd'],
  ['provider', 'provider'],
  ['model', 'model'],
  ['commit', 'tested-commit'],
];

export function formatTagMessage(record: TagRecord): string {
  const headline =
    `promptgate: ${record.id} ${record.version} passed ${record.passed}/${record.total} ` +
    `(${formatPercent(record.passRate)}) on ${record.provider} ${record.model}, ${formatUsd(record.costUsd)} per suite run`;
  const values: Record<keyof TagRecord, string> = {
    id: record.id,
    version: record.version,
    folder: record.folder,
    passRate: record.passRate.toFixed(4),
    passed: String(record.passed),
    total: String(record.total),
    costUsd: record.costUsd === null ? 'unknown' : String(record.costUsd),
    provider: record.provider,
    model: record.model,
    commit: record.commit,
  };
  return `${headline}\n\n${TRAILERS.map(([field, key]) => `${key}: ${values[field]}`).join('\n')}\n`;
}

/** Reads a record back; undefined for a tag promptgate did not write (or a lightweight one). */
export function parseTagMessage(message: string): TagRecord | undefined {
  const found = new Map<string, string>();
  for (const line of message.split('\n')) {
    const match = /^([a-z-]+): (.*)$/.exec(line.trim());
    if (match) found.set(match[1]!, match[2]!);
  }
  const get = (key: string) => found.get(key);
  const id = get('prompt-id');
  const version = get('prompt-version');
  const passRate = Number(get('pass-rate'));
  if (!id || !version || Number.isNaN(passRate)) return undefined;
  const cost = get('cost-usd');
  return {
    id,
    version,
    folder: get('folder') ?? '',
    passRate,
    passed: Number(get('passed') ?? 0),
    total: Number(get('total') ?? 0),
    costUsd: cost === undefined || cost === 'unknown' ? null : Number(cost),
    provider: get('provider') ?? '',
    model: get('model') ?? '',
    commit: get('tested-commit') ?? '',
  };
}

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
