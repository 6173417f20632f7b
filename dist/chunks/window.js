import { I as InputError } from './engine.js';
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/*
 * The window monitor and harvest look at: `--since 24h` (a duration back from now: s, m, h, d,
 * w) or `--since 2026-12-01T00:00:00Z` (an ISO 8601 time). Spans are placed by their end time.
 */
const DEFAULT_SINCE = '24h';
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
function parseWindow(since, nowMs, flag = '--since') {
    const text = since.trim();
    const duration = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text);
    if (duration) {
        const ms = Number(duration[1]) * UNIT_MS[duration[2]];
        if (ms <= 0)
            throw new InputError({ file: flag, message: `must be a duration above 0, got "${since}"` });
        return { fromMs: nowMs - ms, toMs: nowMs, label: text };
    }
    if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
        const fromMs = Date.parse(text);
        if (Number.isFinite(fromMs) && fromMs <= nowMs)
            return { fromMs, toMs: nowMs, label: `since ${new Date(fromMs).toISOString()}` };
    }
    throw new InputError({
        file: flag,
        message: `must be a duration (30m, 24h, 7d) or a past ISO 8601 time (2026-12-01T00:00:00Z), got "${since}"`,
    });
}

export { DEFAULT_SINCE, parseWindow };
