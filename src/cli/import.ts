import { mkdir, readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sinksFor } from '../publish/sinks.js';
import { printerFor } from './report.js';
import { UsageError, type CliIO } from './io.js';

/**
 * `promptgate import FILE.prompt.yml [--out FOLDER] [--force]`: a GitHub Models prompt file as a
 * prompt folder (default prompts/<name>/v1). Whatever does not map is a warning naming it.
 */
export async function importCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, force: { type: 'boolean' }, quiet: { type: 'boolean' } },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError('import takes one file: promptgate import FILE.prompt.yml [--out FOLDER]');
  const path = resolve(io.cwd, file);
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`${file} cannot be read`);
  });
  const slug =
    basename(file)
      .replace(/\.prompt\.ya?ml$|\.ya?ml$/i, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-') || 'imported';
  const out = resolve(io.cwd, values.out ?? join('prompts', slug, 'v1'));
  const existing = await readdir(out).catch(() => [] as string[]);
  if (!values.force && existing.some((name) => ['system.txt', 'tests.yaml', 'prompt.yaml'].includes(name))) {
    throw new UsageError(`${relative(io.cwd, out) || out} already holds a prompt folder: give another --out, or --force to overwrite it`);
  }
  const [{ importGitHubModels }, { loadPromptFolder }, { createWorkTreeSource }, { formatDiagnostic }] = await Promise.all([
    import('../interop/import-github-models.js'),
    import('../load/folder.js'),
    import('../load/files/file-source.js'),
    import('../lib/diagnostics.js'),
  ]);
  const imported = await importGitHubModels(text, file);
  await mkdir(out, { recursive: true });
  const sinks = sinksFor(io.env);
  for (const [name, content] of Object.entries(imported.files)) await sinks.writeText(join(out, name), content);
  for (const warning of imported.warnings) io.stderr(`warning: ${sinks.logLine(warning)}\n`);
  // What was written must load as the tests will load it.
  const loaded = await loadPromptFolder(createWorkTreeSource(out), '', {});
  if (!loaded.ok) throw new UsageError(`the imported folder does not load: ${loaded.errors.map(formatDiagnostic).join('; ')}`);
  if (!values.quiet) {
    printerFor(
      io,
      sinks,
    )(
      `wrote ${relative(io.cwd, out) || '.'} (${Object.keys(imported.files).sort().join(', ')}): ${loaded.folder.tests.length} tests${imported.warnings.length > 0 ? `, ${imported.warnings.length} warnings above` : ''}`,
    );
  }
  return 0;
}
