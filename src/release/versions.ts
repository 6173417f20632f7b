import { compareVersions } from '../select/version-order.js';
import { formatPercent, formatUsd } from '../lib/format.js';
import type { ExistingTag } from './plan.js';
import { CANARY_ALIAS, parseAliasVersion, parseTagMessage, PRODUCTION_ALIAS, type ModelRecord } from './tag-message.js';
import { compareText } from '../lib/text-order.js';

export interface TaggedPromptVersion {
  version: string;
  tag: string;
  commit: string;
  folder: string;
  passRate: number | null;
  costUsd: number | null;
  model: string;
  /** With a `models:` matrix: every model's figures, as its tag recorded them. */
  models?: ModelRecord[];
  production: boolean;
}

export interface PromptVersions {
  id: string;
  production?: string;
  /** The version `prompts/<id>@canary` points at, when there is a canary. */
  canary?: string;
  versions: TaggedPromptVersion[];
}

/** Every prompt id with its tagged versions (oldest first) and the one production points at. */
export function listVersions(tags: ExistingTag[]): PromptVersions[] {
  const byId = new Map<string, PromptVersions>();
  const entry = (id: string) => byId.get(id) ?? byId.set(id, { id, versions: [] }).get(id)!;
  for (const tag of tags) {
    const match = /^prompts\/(.+)@(.+)$/.exec(tag.name);
    if (!match) continue;
    const [, id, version] = match as unknown as [string, string, string];
    if (version === PRODUCTION_ALIAS) {
      const target = parseAliasVersion(tag.message);
      if (target) entry(id).production = target;
      continue;
    }
    if (version === CANARY_ALIAS) {
      const target = parseAliasVersion(tag.message);
      if (target) entry(id).canary = target;
      continue;
    }
    const record = parseTagMessage(tag.message);
    entry(id).versions.push({
      version,
      tag: tag.name,
      commit: tag.commit,
      folder: record?.folder ?? '',
      passRate: record?.passRate ?? null,
      costUsd: record?.costUsd ?? null,
      model: record?.model ?? '',
      ...(record?.models ? { models: record.models } : {}),
      production: false,
    });
  }
  const list = [...byId.values()].sort((a, b) => compareText(a.id, b.id));
  for (const prompt of list) {
    prompt.versions.sort((a, b) => compareVersions(a.version, b.version));
    for (const version of prompt.versions) version.production = version.version === prompt.production;
  }
  return list;
}

export function renderVersions(list: PromptVersions[]): string {
  if (list.length === 0) return 'No tagged prompt versions yet (promptgate release creates them).';
  const lines: string[] = [];
  for (const prompt of list) {
    const canary = prompt.canary ? `, canary: ${prompt.canary}` : '';
    lines.push(`${prompt.id}${prompt.production ? `  (production: ${prompt.production}${canary})` : `  (no production alias${canary})`}`);
    for (const v of prompt.versions) {
      const figures =
        v.passRate === null ? 'no eval record' : `${formatPercent(v.passRate)} passed · ${formatUsd(v.costUsd)} per suite run · ${v.model}`;
      lines.push(`  ${v.production ? '*' : ' '} ${v.version.padEnd(10)} ${v.commit.slice(0, 12)}  ${figures}  ${v.folder}`);
      for (const model of v.models ?? []) {
        const rate = model.passRate === null ? 'not run' : formatPercent(model.passRate);
        const candidate = model.candidate ? ' (candidate)' : '';
        lines.push(
          `               ${model.provider}:${model.model}: ${rate} passed · ${formatUsd(model.costUsd)} per suite run${candidate}`,
        );
      }
    }
  }
  return lines.join('\n');
}
