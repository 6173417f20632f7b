import { hash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { parsePath, type Segment } from '../json/field-path.js';
import { compileUserSchema } from '../load/files/schemas.js';
import type { RequestFolder } from '../load/types.js';
import { runPricer, type CallToPrice, type PricedCall } from '../providers/price-call.js';
import type { RecordingEntry } from '../providers/recordings-file.js';
import { LockfileError } from './errors.js';
import type { LockedPrompt, LockedVersion, Lockfile, Variant } from './lockfile.js';

/** Which copy of the prompts served a call: the bundle the app shipped, the refresh's snapshot on disk, or GitHub itself. */
export type ServedFrom = 'bundle' | 'snapshot' | 'github';

/** A bundled version made ready to call: its request parts, its schema check, its price list. */
export interface PreparedVersion {
  locked: LockedVersion;
  variant: Variant;
  servedFrom: ServedFrom;
  folder: RequestFolder;
  /** The compiled schema.json, on the first call that needs it (a 100-prompt bundle loads without compiling 100 schemas). */
  validator(): ValidateFunction | undefined;
  /** The output fields `metrics:` names, as `promptgate.output.<field>` span attributes. */
  outputFields: Array<{ field: string; path: readonly Segment[] }>;
  price(call: CallToPrice): PricedCall;
  recordings: Readonly<Record<string, RecordingEntry>> | undefined;
}

export interface PreparedPrompt {
  id: string;
  production?: PreparedVersion;
  canary?: PreparedVersion;
  /** Percent of keys sent to the canary (its prompt.yaml `deploy.canary.weight`), when both exist. */
  canaryWeight: number;
}

export function prepareLockfile(lockfile: Lockfile, servedFrom: ServedFrom): Map<string, PreparedPrompt> {
  const prompts = new Map<string, PreparedPrompt>();
  for (const [id, prompt] of Object.entries(lockfile.prompts)) prompts.set(id, preparePrompt(id, prompt, servedFrom));
  return prompts;
}

export function preparePrompt(id: string, prompt: LockedPrompt, servedFrom: ServedFrom): PreparedPrompt {
  return assemblePrompt(id, {
    ...(prompt.production ? { production: prepareVersion(prompt.production, 'production', servedFrom) } : {}),
    ...(prompt.canary ? { canary: prepareVersion(prompt.canary, 'canary', servedFrom) } : {}),
  });
}

/** A prompt from its prepared variants (the refresh replaces one variant at a time). */
export function assemblePrompt(id: string, { production, canary }: Partial<Record<Variant, PreparedVersion>>): PreparedPrompt {
  return {
    id,
    ...(production ? { production } : {}),
    ...(canary ? { canary } : {}),
    canaryWeight: canary?.locked.deploy?.canary?.weight ?? 0,
  };
}

export function prepareVersion(locked: LockedVersion, variant: Variant, servedFrom: ServedFrom): PreparedVersion {
  const { settings } = locked;
  const folder: RequestFolder = {
    settings: {
      provider: settings.provider,
      model: settings.model,
      variables: settings.variables ?? {},
      ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
      ...(settings.maxTokens !== undefined ? { maxTokens: settings.maxTokens } : {}),
      ...(settings.tools ? { tools: settings.tools } : {}),
      ...(settings.modelSettings ? { modelSettings: settings.modelSettings } : {}),
      ...(settings.structuredOutput === false ? { structuredOutput: false as const } : {}),
    },
    systemTemplate: locked.system.template,
    systemFile: locked.system.file,
    examples: locked.examples,
    ...(locked.schema ? { schema: locked.schema } : {}),
  };
  let compiled: ValidateFunction | undefined | null = null;
  const validator = () => {
    if (compiled !== null) return compiled;
    if (!locked.schema) return (compiled = undefined);
    const result = compileUserSchema(locked.schema);
    if (!result.ok)
      throw new LockfileError(
        `${locked.id} ${locked.version}: ${locked.system.file.replace(/system\.txt$/, 'schema.json')} ${result.message}`,
      );
    return (compiled = result.validate);
  };
  const outputFields = (locked.metrics ?? []).flatMap((metric) => {
    const path = metric.field !== undefined ? parsePath(metric.field) : undefined;
    return metric.field !== undefined && path ? [{ field: metric.field, path }] : [];
  });
  return {
    locked,
    variant,
    servedFrom,
    folder,
    validator,
    outputFields: dedupe(outputFields),
    price: runPricer(settings.pricing ?? {}),
    recordings: locked.recordings,
  };
}

function dedupe<T extends { field: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.field) && seen.add(item.field));
}

/**
 * The key's place in [0, 100): the first 48 bits of sha256(`<prompt id>\n<key>`), as a share of
 * 2^48. The same key always lands in the same place (a user stays on one version), keys spread
 * evenly, and each prompt draws its own canary users. Another service can route the same way.
 */
export function canaryBucket(promptId: string, key: string): number {
  const digest = hash('sha256', `${promptId}\n${key}`, 'hex');
  return (Number.parseInt(digest.slice(0, 12), 16) / 2 ** 48) * 100;
}

/** Production, or the canary for keys whose bucket falls under its weight; no key: production. */
export function chooseVersion(prompt: PreparedPrompt, key: string | undefined): PreparedVersion {
  if (!prompt.production) return prompt.canary!;
  if (!prompt.canary || key === undefined || prompt.canaryWeight <= 0) return prompt.production;
  return canaryBucket(prompt.id, key) < prompt.canaryWeight ? prompt.canary : prompt.production;
}
