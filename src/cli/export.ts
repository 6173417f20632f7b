import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sinksFor } from '../publish/sinks.js';
import { printerFor } from './report.js';
import { UsageError, type CliIO } from './io.js';

/**
 * `promptgate export --to github-models [FOLDER] [--out FILE]`: a prompt folder as a GitHub
 * Models prompt file (default <id>.prompt.yml), to run with `gh models eval` or open in GitHub's
 * prompt editor. Whatever does not map is a warning naming it.
 */
export async function exportCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { to: { type: 'string' }, out: { type: 'string' }, quiet: { type: 'boolean' } },
  });
  if (values.to !== 'github-models') throw new UsageError('export needs --to github-models (the one format it writes)');
  if (positionals.length > 1) throw new UsageError('export takes one prompt folder');
  const folderPath = resolve(io.cwd, positionals[0] ?? '.');
  const [
    { exportGitHubModels },
    { loadPromptFolder },
    { createWorkTreeSource },
    { loadRepoConfig },
    { repositoryRoot },
    { formatDiagnostic },
  ] = await Promise.all([
    import('../interop/export-github-models.js'),
    import('../load/folder.js'),
    import('../load/files/file-source.js'),
    import('../load/config.js'),
    import('../git/repository-root.js'),
    import('../lib/diagnostics.js'),
  ]);
  // Within a repository, its promptgate.yaml defaults apply, as they do to the tests.
  const root = (await repositoryRoot(folderPath, io.env)) ?? folderPath;
  const source = createWorkTreeSource(root);
  const { config } = await loadRepoConfig(source);
  const relativePath =
    folderPath === root
      ? ''
      : folderPath
          .slice(root.length + 1)
          .split('\\')
          .join('/');
  const loaded = await loadPromptFolder(source, relativePath, config);
  if (!loaded.ok) throw new UsageError(`${positionals[0] ?? '.'} does not load: ${loaded.errors.map(formatDiagnostic).join('; ')}`);
  const exported = exportGitHubModels(loaded.folder);
  const sinks = sinksFor(io.env);
  for (const warning of exported.warnings) io.stderr(`warning: ${sinks.logLine(warning)}\n`);
  const out = resolve(io.cwd, values.out ?? `${loaded.folder.id.replace(/[^A-Za-z0-9._-]+/g, '-')}.prompt.yml`);
  await sinks.writeText(out, exported.text);
  if (!values.quiet) printerFor(io, sinks)(`wrote ${out}`);
  return 0;
}
