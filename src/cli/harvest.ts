import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { repositoryRoot } from '../git/repository-root.js';
import { sinksFor } from '../publish/sinks.js';
import { printerFor } from './report.js';
import { UsageError, type CliIO } from './io.js';

/**
 * `promptgate harvest <id> --logs PATH... --where EXPR [--max N] [--into FOLDER] [--since 7d]`:
 * production cases that match become tests (needs_expected: true) of the prompt's newest
 * version folder, their answers recordings. Exit 0 (however many cases matched), 2 on bad input.
 */
export async function harvestCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      logs: { type: 'string', multiple: true },
      where: { type: 'string' },
      max: { type: 'string' },
      into: { type: 'string' },
      since: { type: 'string' },
      quiet: { type: 'boolean' },
    },
  });
  const [promptId, ...extraLogs] = positionals;
  if (!promptId) throw new UsageError('harvest needs the prompt id: promptgate harvest <id> --logs PATH... --where EXPR');
  if (!values.logs) throw new UsageError('harvest needs --logs PATH... (the OTLP JSON files the runtime or a collector wrote)');
  if (!values.where) throw new UsageError('harvest needs --where EXPR, e.g. --where "confidence < 0.6" (docs/monitor.md)');
  const max = values.max === undefined ? undefined : Number(values.max);
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 1000)) {
    throw new UsageError(`--max must be a whole number from 1 to 1000, got "${values.max}"`);
  }
  const repoDir = await repositoryRoot(io.cwd, io.env);
  if (!repoDir) throw new UsageError('harvest needs a git repository: it reads the release tags of the versions that served the cases');
  const into = values.into === undefined ? undefined : relative(repoDir, resolve(io.cwd, values.into)).split(sep).join('/');
  if (into?.startsWith('..')) throw new UsageError(`--into ${values.into} is outside the repository ${repoDir}`);
  const [{ expandLogPaths }, { parseWindow }, harvest, { gitMonitorTagStore }, { renderHarvestText }] = await Promise.all([
    import('../monitor/log-paths.js'),
    import('../monitor/window.js'),
    import('../harvest/run-harvest.js'),
    import('../monitor/tags.js'),
    import('../harvest/report.js'),
  ]);
  const sinks = sinksFor(io.env);
  const outcome = await harvest.runHarvest({
    repoDir,
    promptId,
    logs: await expandLogPaths([...values.logs, ...extraLogs], io.cwd),
    window: parseWindow(values.since ?? harvest.DEFAULT_HARVEST_SINCE, Date.now()),
    where: values.where,
    max: max ?? harvest.DEFAULT_MAX_CASES,
    ...(into !== undefined ? { into } : {}),
    store: gitMonitorTagStore(repoDir),
    env: io.env,
    warn: (message) => io.stderr(`warning: ${sinks.logLine(message)}\n`),
  });
  const print = printerFor(io, sinks);
  const lines = renderHarvestText(promptId, values.where, outcome);
  for (const line of values.quiet ? lines.slice(0, 1) : lines) print(line);
  return 0;
}
