import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomically } from '../lib/atomic-write.js';
import { printerFor } from './report.js';
import { UsageError, type CliIO } from './io.js';

/** `promptgate types --bundle prompts.lock.json --out prompts.d.ts`: declarations for `execute`, from the lockfile. */
export async function typesCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, options: { bundle: { type: 'string' }, out: { type: 'string' }, quiet: { type: 'boolean' } } });
  if (!values.bundle) throw new UsageError('types needs --bundle FILE (the lockfile promptgate bundle wrote)');
  const [{ readLockfile }, { generateTypes }] = await Promise.all([import('../runtime/lockfile.js'), import('../runtime/types-gen.js')]);
  const path = resolve(io.cwd, values.bundle);
  const lockfile = readLockfile(await readFile(path, 'utf8'), values.bundle);
  const out = resolve(io.cwd, values.out ?? 'prompts.d.ts');
  await writeFileAtomically(out, await generateTypes(lockfile, relative(io.cwd, path) || values.bundle));
  if (!values.quiet) printerFor(io)(`wrote ${relative(io.cwd, out) || out} (${Object.keys(lockfile.prompts).length} prompts)`);
  return 0;
}
