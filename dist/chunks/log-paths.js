const { glob, stat } = globalThis.process.getBuiltinModule("node:fs/promises");
const { resolve } = globalThis.process.getBuiltinModule("node:path");
import { I as InputError } from './engine.js';
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/**
 * `--logs` (the action's `logs`): files, folders (every file in them, for a collector's rotated
 * files) or globs, relative to `cwd`. Each entry must match something: a schedule reading a
 * path that is not there would report a quiet, empty window for ever.
 */
async function expandLogPaths(entries, cwd, flag = '--logs') {
    if (entries.length === 0)
        throw new InputError({ file: flag, message: 'give the OTLP JSON files to read (the runtime telemetry file, or a collector export)' });
    const found = new Set();
    for (const entry of entries) {
        const before = found.size;
        if (/[*?[{]/.test(entry)) {
            for await (const path of glob(entry, { cwd })) {
                const full = resolve(cwd, path);
                if ((await stat(full)).isFile())
                    found.add(full);
            }
        }
        else {
            const full = resolve(cwd, entry);
            const info = await stat(full).catch(() => undefined);
            if (info?.isDirectory()) {
                for await (const path of glob('**/*', { cwd: full })) {
                    const inner = resolve(full, path);
                    if ((await stat(inner)).isFile())
                        found.add(inner);
                }
            }
            else if (info) {
                found.add(full);
            }
        }
        if (found.size === before)
            throw new InputError({ file: flag, message: `"${entry}" matches no file` });
    }
    return [...found].sort();
}

export { expandLogPaths };
