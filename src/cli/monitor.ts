import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repositoryRoot } from '../git/repository-root.js';
import { sinksFor } from '../publish/sinks.js';
import { printerFor } from './report.js';
import { UsageError, type CliIO } from './io.js';

/**
 * `promptgate monitor --logs PATH... [--since 24h]`: the production figures of every prompt
 * version in the window, its guards checked, and the local tags moved: production rolled back,
 * a canary dropped, or (with --promote) a ready canary promoted. Exit 0 when no serving
 * version breached a guard, 1 when one did (whatever was done about it), 2 on bad input.
 */
export async function monitorCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      logs: { type: 'string', multiple: true },
      since: { type: 'string' },
      prompt: { type: 'string', multiple: true },
      promote: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      markdown: { type: 'string' },
      quiet: { type: 'boolean' },
    },
  });
  if (!values.logs) throw new UsageError('monitor needs --logs PATH... (the OTLP JSON files the runtime or a collector wrote)');
  const repoDir = await repositoryRoot(io.cwd, io.env);
  if (!repoDir) throw new UsageError('monitor needs a git repository: it reads the release tags and each version at its tag');
  const [{ expandLogPaths }, { parseWindow, DEFAULT_SINCE }, runMonitorModule, { gitMonitorTagStore }, report] = await Promise.all([
    import('../monitor/log-paths.js'),
    import('../monitor/window.js'),
    import('../monitor/run-monitor.js'),
    import('../monitor/tags.js'),
    import('../monitor/report.js'),
  ]);
  const logs = await expandLogPaths([...values.logs, ...positionals], io.cwd);
  const sinks = sinksFor(io.env);
  const print = printerFor(io, sinks);
  const outcome = await runMonitorModule.runMonitor({
    repoDir,
    logs,
    window: parseWindow(values.since ?? DEFAULT_SINCE, Date.now()),
    store: gitMonitorTagStore(repoDir),
    prompts: values.prompt ?? [],
    promote: values.promote === true,
    dryRun: values['dry-run'] === true,
    warn: (message) => io.stderr(`warning: ${sinks.logLine(message)}\n`),
  });
  const lines = report.renderMonitorText(outcome);
  for (const line of values.quiet ? lines.filter((line) => /^\s*(- |push it:|Actions:)/.test(line)) : lines) print(line);
  const pushes = outcome.results.flatMap((result) => (result.push ? [result.push] : []));
  if (pushes.length > 0) print(`the tags changed only here: push them with the commands above`);
  if (values.markdown) await sinks.writeText(resolve(io.cwd, values.markdown), report.renderMonitorMarkdown(outcome));
  return runMonitorModule.breachedOrFailed(outcome) ? 1 : 0;
}
