import { parseArgs } from 'node:util';
import { repositoryRoot } from '../git/repository-root.js';
import { UsageError, type CliIO } from './io.js';

/** `promptgate versions [--json]`: each prompt's tagged versions, production, pass rate and cost. */
export async function versionsCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const repoDir = await repositoryRoot(io.cwd, io.env);
  if (!repoDir) throw new UsageError('versions needs a git repository');
  const [{ gitTagStore }, { listVersions, renderVersions }] = await Promise.all([
    import('../release/git-tags.js'),
    import('../release/versions.js'),
  ]);
  const tags = await gitTagStore(repoDir).list();
  const versions = listVersions(tags);
  io.stdout(`${values.json ? JSON.stringify(versions, null, 2) : renderVersions(versions)}\n`);
  return 0;
}
