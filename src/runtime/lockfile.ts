import { hash } from 'node:crypto';
import type { PriceOverride } from '../load/config.js';
import type { DeploySettings, ModelSettings } from '../load/types.js';
import { canonicalJson } from '../providers/request-key.js';
import type { RecordingEntry } from '../providers/recordings-file.js';
import type { ChatMessage, ProviderName, ToolDefinition } from '../providers/types.js';
import { LockfileError } from './errors.js';

/*
 * prompts.lock.json: the tagged versions an app runs, written by `promptgate bundle` and read by
 * the runtime. Documented by schemas/lock.schema.json. Content-addressed: each version carries
 * the sha256 of its own canonical content, and the file the sha256 of its versions' digests, so
 * a lockfile edited by hand (or cut short) is refused with the name of the prompt.
 *
 * Canonical content: RFC 8785 (JCS) for these values — keys sorted at every depth, no
 * whitespace (providers/request-key.ts canonicalJson) — of the object without its `digest`.
 */

export const LOCKFILE_FORMAT = 'promptgate-lock/1';
export const VARIANTS = ['production', 'canary'] as const;
export type Variant = (typeof VARIANTS)[number];

/** A version's model settings, merged as the tests ran them (promptgate.yaml, then prompt.yaml). */
export interface LockedSettings {
  provider: ProviderName;
  model: string;
  temperature?: number;
  maxTokens?: number;
  tools?: ToolDefinition[];
  /** The called model's own `models:` entry settings (top_p, reasoning_effort, thinking budget), sent as the tests sent them. */
  modelSettings?: ModelSettings;
  /** `structured_output: false`: schema.json checks the answer but is not sent. */
  structuredOutput?: false;
  /** prompt.yaml `variables`: the defaults an app's `vars` override. */
  variables: Record<string, string>;
  /** promptgate.yaml `pricing` at the tagged commit, so costs are those the tests reported. */
  pricing?: Record<string, PriceOverride>;
}

/** A success metric's name, and the output field it reads (`rate_of` / `mean_of`). */
export interface LockedMetric {
  name: string;
  kind: 'rate_of' | 'mean_of' | 'built-in';
  field?: string;
}

/** One tagged version of one prompt, everything an app needs to call it. */
export interface LockedVersion {
  id: string;
  version: string;
  /** The version's own immutable tag, `prompts/<id>@<version>`. */
  tag: string;
  /** The tag that was resolved: `prompts/<id>@production`, `@canary`, or the version tag when pinned. */
  ref: string;
  /** What `ref` named when it was read (its tag object, or the commit of a lightweight tag). */
  refObject: string;
  commit: string;
  /** The prompt folder, repository-relative. */
  folder: string;
  system: { file: string; template: string };
  examples: ChatMessage[];
  /** schema.json, in its own key order (providers generate JSON in the order of `properties`). */
  schema?: Record<string, unknown>;
  settings: LockedSettings;
  metrics?: LockedMetric[];
  deploy?: DeploySettings;
  /** `--with-recordings`: the folder's recordings.json answers, by request key, for replay. */
  recordings?: Record<string, RecordingEntry>;
  /** `sha256:<hex>` of the canonical content of every other member. */
  digest: string;
}

export type LockedPrompt = Partial<Record<Variant, LockedVersion>>;

export interface Lockfile {
  format: typeof LOCKFILE_FORMAT;
  /** What `promptgate bundle --ref` asked for: `production`, `canary`, `<id>@<version>`. */
  refs: string[];
  prompts: Record<string, LockedPrompt>;
  /** `sha256:<hex>` of the canonical `{ format, refs, prompts: { id: { variant: digest } } }`. */
  digest: string;
}

const sha256 = (text: string) => `sha256:${hash('sha256', text, 'hex')}`;

export function versionDigest(version: Omit<LockedVersion, 'digest'> & { digest?: string }): string {
  const { digest: _digest, ...content } = version;
  return sha256(canonicalJson(content));
}

function fileDigest(lockfile: Pick<Lockfile, 'format' | 'refs' | 'prompts'>): string {
  const prompts: Record<string, Partial<Record<Variant, string>>> = {};
  for (const [id, prompt] of Object.entries(lockfile.prompts)) {
    prompts[id] = {};
    for (const variant of VARIANTS) if (prompt[variant]) prompts[id][variant] = prompt[variant].digest;
  }
  return sha256(canonicalJson({ format: lockfile.format, refs: lockfile.refs, prompts }));
}

/** A lockfile of these versions, every digest computed. */
export function sealLockfile(refs: string[], prompts: Record<string, LockedPrompt>): Lockfile {
  const sealed: Record<string, LockedPrompt> = {};
  for (const id of Object.keys(prompts).sort()) {
    const prompt = prompts[id]!;
    sealed[id] = {};
    for (const variant of VARIANTS) {
      const version = prompt[variant];
      if (version) sealed[id][variant] = { ...version, digest: versionDigest(version) };
    }
  }
  const content = { format: LOCKFILE_FORMAT, refs, prompts: sealed } as const;
  return { ...content, digest: fileDigest(content) };
}

/** Members written in their own order: JSON Schemas and tool parameters are sent to providers as written. */
const KEEP_ORDER = new Set(['schema', 'parameters']);

/**
 * The file's text: keys sorted at every depth (a diff between two bundles shows only what
 * changed), two-space indentation, except inside schemas and tool parameters.
 */
export function formatLockfile(lockfile: Lockfile): string {
  return `${JSON.stringify(sortedExceptSchemas(lockfile), null, 2)}\n`;
}

function sortedExceptSchemas(value: unknown, keepOrder = false): unknown {
  if (Array.isArray(value)) return value.map((item) => sortedExceptSchemas(item, keepOrder));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const keys = keepOrder ? Object.keys(record) : Object.keys(record).sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (record[key] !== undefined) out[key] = sortedExceptSchemas(record[key], keepOrder || KEEP_ORDER.has(key));
  }
  return out;
}

/**
 * Reads and verifies a lockfile (its text, or the parsed object). Throws a LockfileError that
 * names the file, and the prompt and variant when one of them is the problem.
 */
export function readLockfile(input: string | object, name = 'the lockfile'): Lockfile {
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (error) {
      throw new LockfileError(
        `${name} is not JSON (${error instanceof Error ? error.message : String(error)}); build it with promptgate bundle`,
      );
    }
  }
  if (!isObject(data) || data.format !== LOCKFILE_FORMAT) {
    const got = isObject(data) ? JSON.stringify(data.format) : 'no format';
    throw new LockfileError(
      `${name} is not a promptgate lockfile (format ${got}, expected "${LOCKFILE_FORMAT}"); build it with promptgate bundle`,
    );
  }
  if (!isObject(data.prompts) || !Array.isArray(data.refs) || typeof data.digest !== 'string') {
    throw new LockfileError(`${name} is incomplete: it needs refs, prompts and digest`);
  }
  const lockfile = data as unknown as Lockfile;
  for (const [id, prompt] of Object.entries(lockfile.prompts)) {
    if (!isObject(prompt) || !VARIANTS.some((variant) => prompt[variant] !== undefined)) {
      throw new LockfileError(`${name}: prompt "${id}" has no production or canary version`);
    }
    for (const variant of VARIANTS) {
      const version = prompt[variant];
      if (version !== undefined) checkVersion(version, id, variant, name);
    }
  }
  const expected = fileDigest(lockfile);
  if (expected !== lockfile.digest) {
    throw new LockfileError(
      `${name}: digest mismatch: the file's digest ${lockfile.digest} is not that of its prompts (${expected}); it was changed after promptgate bundle wrote it`,
    );
  }
  return lockfile;
}

function checkVersion(version: unknown, id: string, variant: Variant, name: string): void {
  const where = `${name}: ${id} (${variant})`;
  if (!isObject(version)) throw new LockfileError(`${where} is not an object`);
  const v = version as unknown as LockedVersion;
  if (v.id !== id) throw new LockfileError(`${where}: holds prompt "${String(v.id)}"`);
  const missing = ['version', 'commit', 'folder', 'digest'].filter((key) => typeof version[key] !== 'string');
  if (!isObject(v.system) || typeof v.system.template !== 'string') missing.push('system.template');
  if (!isObject(v.settings) || typeof v.settings.provider !== 'string' || typeof v.settings.model !== 'string') missing.push('settings');
  if (!Array.isArray(v.examples)) missing.push('examples');
  if (missing.length > 0) throw new LockfileError(`${where}: missing ${missing.join(', ')}`);
  const digest = versionDigest(v);
  if (digest !== v.digest) {
    throw new LockfileError(
      `${where} ${v.version}: digest mismatch: its content hashes to ${digest}, not ${v.digest}; the lockfile was changed after promptgate bundle wrote it`,
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
