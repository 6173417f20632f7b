import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { repositoryRoot } from '../git/repository-root.js';
import { writeFileAtomically } from '../lib/atomic-write.js';
import { printerFor } from './report.js';
import { UsageError, type CliIO } from './io.js';

const DEFAULT_OUT = 'prompts.lock.json';

/**
 * `promptgate bundle [PATH...] --ref production|canary|<id>@<version> --out prompts.lock.json`:
 * the tagged versions, read from their tags' commits, in one content-addressed lockfile for
 * the app's runtime (`promptgate/runtime`). `--check` fails when a bundled folder's work tree
 * differs from its tag; otherwise that is a warning.
 */
export async function bundleCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ref: { type: 'string', multiple: true },
      out: { type: 'string' },
      'with-recordings': { type: 'boolean' },
      check: { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
  });
  const { alias, pins } = parseRefs(values.ref ?? []);
  const repoDir = await repositoryRoot(io.cwd, io.env);
  if (!repoDir) throw new UsageError('bundle needs a git repository: it reads the release tags');
  const roots = positionals.map((path) => {
    const inside = relative(repoDir, resolve(io.cwd, path)).split(sep).join('/');
    if (inside.startsWith('..')) throw new UsageError(`${path} is outside the repository ${repoDir}`);
    return inside === '' ? '.' : inside;
  });
  const [{ buildBundle }, { formatLockfile }] = await Promise.all([import('../runtime/build-bundle.js'), import('../runtime/lockfile.js')]);
  const { lockfile, drift } = await buildBundle({ repoDir, roots, alias, pins, withRecordings: values['with-recordings'] === true });
  if (drift.length > 0 && values.check) {
    throw new UsageError(`the work tree differs from the tagged versions (--check):\n${drift.map((line) => `  ${line}`).join('\n')}`);
  }
  const print = printerFor(io);
  for (const line of drift) io.stderr(`warning: ${line}\n`);
  const out = resolve(io.cwd, values.out ?? DEFAULT_OUT);
  await writeFileAtomically(out, formatLockfile(lockfile));
  if (!values.quiet) {
    for (const [id, prompt] of Object.entries(lockfile.prompts)) {
      const canary = prompt.canary;
      const production = prompt.production ? `${prompt.production.version} (${short(prompt.production.commit)})` : undefined;
      const canaryText = canary
        ? `canary ${canary.version} (${short(canary.commit)})${prompt.production ? ` for ${canary.deploy?.canary?.weight ?? 0}% of keys` : ''}`
        : undefined;
      print(`bundled ${id} ${[production, canaryText].filter(Boolean).join(', ')}`);
    }
    print(`wrote ${relative(io.cwd, out) || out} (${lockfile.digest})`);
  }
  return 0;
}

/** `--ref` values: at most one of production / canary (default production), and any `<id>@<version>`. */
export function parseRefs(refs: string[]): { alias: 'production' | 'canary' | undefined; pins: Array<{ id: string; version: string }> } {
  let alias: 'production' | 'canary' | undefined;
  const pins: Array<{ id: string; version: string }> = [];
  for (const ref of refs.flatMap((value) => value.split(',')).map((value) => value.trim())) {
    if (ref === 'production' || ref === 'canary') {
      if (alias && alias !== ref) throw new UsageError('--ref takes production or canary, not both');
      alias = ref;
      continue;
    }
    const match = /^(?:prompts\/)?(.+)@([^@]+)$/.exec(ref);
    if (!match || match[2] === 'production' || match[2] === 'canary') {
      throw new UsageError(`--ref must be production, canary or <prompt id>@<version> (e.g. customer-support@v2.0), got "${ref}"`);
    }
    pins.push({ id: match[1]!, version: match[2]! });
  }
  return { alias: alias ?? (pins.length === 0 ? 'production' : undefined), pins };
}

const short = (commit: string) => commit.slice(0, 12);
