import { canaryTag, formatAliasMessage, parseAliasVersion, productionTag, versionTag } from '../git/prompt-tags.js';
import type { AliasMove, ExistingTag } from './plan.js';

/**
 * Release mode `--canary id@version` (action input `canary`): points the moving tag
 * `prompts/<id>@canary` at a version that is already tagged, as `--promote` points production.
 * Nothing runs: the version passed its suite when it was tagged. An app's bundle then holds both
 * versions and sends the share of traffic the canary's prompt.yaml `deploy: { canary: { weight } }`
 * names to it (runtime/routing.ts).
 */
export function canaryMove(spec: string, tags: ReadonlyMap<string, ExistingTag>): AliasMove[] {
  const [id, version] = splitCanary(spec);
  const target = tags.get(versionTag(id, version));
  if (!target) throw new Error(`cannot make ${id}@${version} the canary: there is no tag ${versionTag(id, version)}`);
  const production = tags.get(productionTag(id));
  if (production && parseAliasVersion(production.message) === version) {
    throw new Error(`cannot make ${id}@${version} the canary: it is already the production version`);
  }
  const alias = canaryTag(id);
  const current = tags.get(alias);
  const from = current ? parseAliasVersion(current.message) : undefined;
  if (current && from === version && current.commit === target.commit) return [];
  return [
    {
      tag: alias,
      id,
      version,
      commit: target.commit,
      message: formatAliasMessage(id, version, target.commit, 'canary'),
      ...(from ? { from } : {}),
    },
  ];
}

/** `customer-support@v2.1` (or `prompts/customer-support@v2.1`) → [id, version]. */
function splitCanary(value: string): [string, string] {
  const match = /^(?:prompts\/)?(.+)@([^@]+)$/.exec(value.trim());
  if (!match) throw new Error(`canary must look like <prompt id>@<version>, e.g. customer-support@v2.1; got "${value}"`);
  return [match[1]!, match[2]!];
}
