/**
 * The names of promptgate's release tags and what their alias messages say: one home shared by
 * release mode (which writes them), `promptgate bundle` and the runtime's refresh (which read
 * them). The tag plumbing itself is in git/tags.ts; the version tags' records in
 * release/tag-message.ts.
 */

/** The moving aliases a release can point at a tagged version; no version may be named like one. */
export const PRODUCTION_ALIAS = 'production';
export const CANARY_ALIAS = 'canary';
export const ALIASES = [PRODUCTION_ALIAS, CANARY_ALIAS] as const;
export type Alias = (typeof ALIASES)[number];

/** Whether a tag's version part is a moving alias rather than a version (case-insensitively). */
export function isAliasName(version: string): boolean {
  const lower = version.toLowerCase();
  return ALIASES.some((alias) => alias === lower);
}

/** `prompts/<id>@<version>`: one immutable tag per tested version. */
export function versionTag(id: string, version: string): string {
  return `prompts/${id}@${version}`;
}

/** `prompts/<id>@production` (or `@canary`): the moving alias an application loads. */
export function aliasTag(id: string, alias: Alias): string {
  return `prompts/${id}@${alias}`;
}

export function productionTag(id: string): string {
  return aliasTag(id, PRODUCTION_ALIAS);
}

export function canaryTag(id: string): string {
  return aliasTag(id, CANARY_ALIAS);
}

/** `prompts/<id>@<version>` → [id, version]; undefined for any other tag name. */
export function splitPromptTag(name: string): [string, string] | undefined {
  const match = /^prompts\/(.+)@([^@]+)$/.exec(name);
  return match ? [match[1]!, match[2]!] : undefined;
}

/** The alias's own message names the version it points at (`production-version: v2.0`). */
export function formatAliasMessage(id: string, version: string, commit: string, alias: Alias = PRODUCTION_ALIAS): string {
  return `promptgate: ${alias} version of ${id} is ${version}\n\nprompt-id: ${id}\n${alias}-version: ${version}\ntested-commit: ${commit}\n`;
}

/** The version an alias message names, for either alias (undefined for a message promptgate did not write). */
export function parseAliasVersion(message: string): string | undefined {
  return /^(?:production|canary)-version: (.+)$/m.exec(message)?.[1]?.trim();
}
