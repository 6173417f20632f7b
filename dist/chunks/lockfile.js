const { hash } = globalThis.process.getBuiltinModule("node:crypto");
import { e as canonicalJson } from './engine.js';
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/**
 * The runtime's own errors. A provider failure is the providers' ProviderError (kind,
 * retryable, status), exactly as the CLI reports it; these are the rest.
 */
/** A lockfile that cannot be read, or that was changed after `promptgate bundle` wrote it. */
class LockfileError extends Error {
    constructor(message) {
        super(message);
        this.name = 'LockfileError';
    }
}

/*
 * prompts.lock.json: the tagged versions an app runs, written by `promptgate bundle` and read by
 * the runtime. Documented by schemas/lock.schema.json. Content-addressed: each version carries
 * the sha256 of its own canonical content, and the file the sha256 of its versions' digests, so
 * a lockfile edited by hand (or cut short) is refused with the name of the prompt.
 *
 * Canonical content: RFC 8785 (JCS) for these values \u2014 keys sorted at every depth, no
 * whitespace (providers/request-key.ts canonicalJson) \u2014 of the object without its `digest`.
 */
const LOCKFILE_FORMAT = 'promptgate-lock/1';
const VARIANTS = ['production', 'canary'];
const sha256 = (text) => `sha256:${hash('sha256', text, 'hex')}`;
function versionDigest(version) {
    const { digest: _digest, ...content } = version;
    return sha256(canonicalJson(content));
}
function fileDigest(lockfile) {
    const prompts = {};
    for (const [id, prompt] of Object.entries(lockfile.prompts)) {
        prompts[id] = {};
        for (const variant of VARIANTS)
            if (prompt[variant])
                prompts[id][variant] = prompt[variant].digest;
    }
    return sha256(canonicalJson({ format: lockfile.format, refs: lockfile.refs, prompts }));
}
/** A lockfile of these versions, every digest computed. */
function sealLockfile(refs, prompts) {
    const sealed = {};
    for (const id of Object.keys(prompts).sort()) {
        const prompt = prompts[id];
        sealed[id] = {};
        for (const variant of VARIANTS) {
            const version = prompt[variant];
            if (version)
                sealed[id][variant] = { ...version, digest: versionDigest(version) };
        }
    }
    const content = { format: LOCKFILE_FORMAT, refs, prompts: sealed };
    return { ...content, digest: fileDigest(content) };
}
/** Members written in their own order: JSON Schemas and tool parameters are sent to providers as written. */
const KEEP_ORDER = new Set(['schema', 'parameters']);
/**
 * The file's text: keys sorted at every depth (a diff between two bundles shows only what
 * changed), two-space indentation, except inside schemas and tool parameters.
 */
function formatLockfile(lockfile) {
    return `${JSON.stringify(sortedExceptSchemas(lockfile), null, 2)}\n`;
}
function sortedExceptSchemas(value, keepOrder = false) {
    if (Array.isArray(value))
        return value.map((item) => sortedExceptSchemas(item, keepOrder));
    if (typeof value !== 'object' || value === null)
        return value;
    const record = value;
    const keys = keepOrder ? Object.keys(record) : Object.keys(record).sort();
    const out = {};
    for (const key of keys) {
        if (record[key] !== undefined)
            out[key] = sortedExceptSchemas(record[key], keepOrder || KEEP_ORDER.has(key));
    }
    return out;
}
/**
 * Reads and verifies a lockfile (its text, or the parsed object). Throws a LockfileError that
 * names the file, and the prompt and variant when one of them is the problem.
 */
function readLockfile(input, name = 'the lockfile') {
    let data = input;
    if (typeof input === 'string') {
        try {
            data = JSON.parse(input);
        }
        catch (error) {
            throw new LockfileError(`${name} is not JSON (${error instanceof Error ? error.message : String(error)}); build it with promptgate bundle`);
        }
    }
    if (!isObject(data) || data.format !== LOCKFILE_FORMAT) {
        const got = isObject(data) ? JSON.stringify(data.format) : 'no format';
        throw new LockfileError(`${name} is not a promptgate lockfile (format ${got}, expected "${LOCKFILE_FORMAT}"); build it with promptgate bundle`);
    }
    if (!isObject(data.prompts) || !Array.isArray(data.refs) || typeof data.digest !== 'string') {
        throw new LockfileError(`${name} is incomplete: it needs refs, prompts and digest`);
    }
    const lockfile = data;
    for (const [id, prompt] of Object.entries(lockfile.prompts)) {
        if (!isObject(prompt) || !VARIANTS.some((variant) => prompt[variant] !== undefined)) {
            throw new LockfileError(`${name}: prompt "${id}" has no production or canary version`);
        }
        for (const variant of VARIANTS) {
            const version = prompt[variant];
            if (version !== undefined)
                checkVersion(version, id, variant, name);
        }
    }
    const expected = fileDigest(lockfile);
    if (expected !== lockfile.digest) {
        throw new LockfileError(`${name}: digest mismatch: the file's digest ${lockfile.digest} is not that of its prompts (${expected}); it was changed after promptgate bundle wrote it`);
    }
    return lockfile;
}
function checkVersion(version, id, variant, name) {
    const where = `${name}: ${id} (${variant})`;
    if (!isObject(version))
        throw new LockfileError(`${where} is not an object`);
    const v = version;
    if (v.id !== id)
        throw new LockfileError(`${where}: holds prompt "${String(v.id)}"`);
    const missing = ['version', 'commit', 'folder', 'digest'].filter((key) => typeof version[key] !== 'string');
    if (!isObject(v.system) || typeof v.system.template !== 'string')
        missing.push('system.template');
    if (!isObject(v.settings) || typeof v.settings.provider !== 'string' || typeof v.settings.model !== 'string')
        missing.push('settings');
    if (!Array.isArray(v.examples))
        missing.push('examples');
    if (missing.length > 0)
        throw new LockfileError(`${where}: missing ${missing.join(', ')}`);
    const digest = versionDigest(v);
    if (digest !== v.digest) {
        throw new LockfileError(`${where} ${v.version}: digest mismatch: its content hashes to ${digest}, not ${v.digest}; the lockfile was changed after promptgate bundle wrote it`);
    }
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export { LOCKFILE_FORMAT, VARIANTS, formatLockfile, readLockfile, sealLockfile, versionDigest };
