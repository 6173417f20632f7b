import { parseArgs } from 'node:util';
import { engineOptionsFrom, RUN_OPTIONS } from './flags.js';
import { UsageError, type CliIO } from './io.js';
import { printerFor, report } from './report.js';

/** `promptgate release [PATH...]`: tag each passing version, move the production alias, print the push command. */
export async function releaseCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...RUN_OPTIONS, promote: { type: 'string' }, canary: { type: 'string' }, 'no-alias': { type: 'boolean' } },
  });
  if (values.promote && values.canary) throw new UsageError('--promote and --canary each move one alias: give one of them');
  const options = await engineOptionsFrom(values, positionals, io, 'release');
  const [{ headCommit, runGit }, { gitTagStore, promptChangedInGit }, { runRelease }] = await Promise.all([
    import('../git/git.js'),
    import('../release/git-tags.js'),
    import('../release/run-release.js'),
  ]);
  const commit = await headCommit(options.repoDir);
  // Untracked files count too: a folder that exists only in the work tree would otherwise be
  // tested here and tagged on a commit that does not contain it.
  const dirty = await runGit(options.repoDir, ['status', '--porcelain', '--', ...(options.roots.length ? options.roots : ['.'])]);
  if (dirty.trim() && !values.promote && !values.canary) {
    throw new UsageError(
      'the prompt folders have uncommitted or untracked changes: commit them first, so the tags mark exactly what was tested',
    );
  }
  const outcome = await runRelease({
    engine: options,
    store: gitTagStore(options.repoDir),
    commit,
    productionAlias: !values['no-alias'],
    ...(values.promote ? { promote: values.promote } : {}),
    ...(values.canary ? { canary: values.canary } : {}),
    promptChanged: (tagCommit, folder) => promptChangedInGit(options.repoDir, tagCommit, commit, folder),
  });
  if (outcome.engine) await report(outcome.engine, values, io);
  const print = printerFor(io);
  for (const tag of outcome.created) print(`tagged ${tag} at ${commit.slice(0, 12)}`);
  for (const skip of outcome.skipped) print(`not tagged ${skip.tag}: ${skip.reason}`);
  for (const move of outcome.moved) print(`moved ${move.tag} to ${move.version}${move.from ? ` (was ${move.from})` : ''}`);
  for (const failure of outcome.failed) print(`error: ${failure.reason}`);
  // Only the moving alias is forced: a version tag that exists on the remote must never be replaced.
  const pushed = [...outcome.created.map((tag) => `refs/tags/${tag}`), ...outcome.moved.map((move) => `+refs/tags/${move.tag}`)];
  if (pushed.length > 0) print(`push them with: git push origin ${pushed.join(' ')}`);
  // Cancelled: runCli exits 130 / 143; a caller without signals still sees a failure.
  if (outcome.cancelled) return 1;
  if (outcome.engine?.results.gate.exitCode === 2) return 2;
  // Release is not a gate (the pull request check is): a failing version is simply not tagged.
  // A conflicting tag is an error, because someone changed a released version in place.
  return outcome.failed.length > 0 ? 1 : 0;
}
