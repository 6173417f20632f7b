import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writePiecesAtomically } from '../lib/atomic-write.js';
import { formatDiagnostic, InputError } from '../lib/diagnostics.js';
import { secretsIn } from '../lib/secrets.js';
import { loadRepoConfig } from '../load/config.js';
import { createWorkTreeSource } from '../load/files/file-source.js';
import { loadPromptFolder } from '../load/folder.js';
import { listPromptFolders } from '../load/side.js';
import type { PromptFolder } from '../load/types.js';
import { indexTags, type MonitorTagStore } from '../monitor/tags.js';
import { readSpans } from '../monitor/otlp-read.js';
import { VersionLoader } from '../monitor/versions.js';
import type { Window } from '../monitor/window.js';
import { RecordingStore } from '../providers/recordings.js';
import { compareVersions } from '../select/version-order.js';
import { fieldsOf, productionCase, type ProductionCase } from './cases.js';
import { caseToTest, recordAnswer, type HarvestedCase } from './case-to-test.js';
import { scrubber } from './scrub.js';
import { appendTests, existingTests, inputKey } from './tests-file.js';
import { evaluateWhere, parseWhere } from './where.js';

/*
 * `promptgate harvest <id> --logs PATH... --where EXPR --max N`: production cases that match
 * the filter become tests of the prompt's newest version folder (or --into), each marked
 * `needs_expected: true` with its `source`, and their answers go into recordings.json under the
 * request those tests send, so they replay at no cost. Redaction is not optional (scrub.ts).
 */

export const DEFAULT_MAX_CASES = 20;
export const DEFAULT_HARVEST_SINCE = '7d';

export interface HarvestOptions {
  repoDir: string;
  promptId: string;
  logs: readonly string[];
  window: Window;
  where: string;
  max: number;
  /** Repository-relative folder; default the newest version folder of the prompt. */
  into?: string;
  /** Where the versions' tags are read (to strip each version's few-shot examples from the turns). */
  store: MonitorTagStore;
  env: Record<string, string | undefined>;
  warn(message: string): void;
}

export interface HarvestOutcome {
  folder: string;
  testsFile: string;
  cases: HarvestedCase[];
  /** Matching executions, and why some were not taken. */
  matched: number;
  duplicates: number;
  withoutContent: number;
  /** Files written, repository-relative. */
  written: string[];
  notes: string[];
}

export async function runHarvest(options: HarvestOptions): Promise<HarvestOutcome> {
  const where = parseWhere(options.where);
  const target = await targetFolder(options);
  const testsPath = join(options.repoDir, target.testsFile);
  const testsText = await readFile(testsPath, 'utf8');
  const existing = existingTests(testsText);

  // Every matching execution of the window, newest first once read.
  const matches: ProductionCase[] = [];
  await readSpans(
    options.logs,
    (span) => {
      const production = productionCase(span);
      if (!production || production.execution.prompt !== options.promptId) return;
      const { endMs } = production.execution;
      if (endMs < options.window.fromMs || endMs > options.window.toMs) return;
      if (evaluateWhere(where, fieldsOf(production))) matches.push(production);
    },
    options.warn,
  );
  matches.sort((a, b) => b.execution.endMs - a.execution.endMs);
  const withContent = matches.filter((production) => production.turns && production.turns.length > 0);
  if (matches.length > 0 && withContent.length === 0) {
    throw new InputError({
      file: options.logs[0] ?? '--logs',
      message: `${matches.length} executions of ${options.promptId} match "${options.where}", but their spans hold no conversation: harvest needs the app's telemetry to record it (createPromptEngine({ telemetry: { record: { content: true, variables: [...] } } }), docs/monitor.md)`,
    });
  }

  const tags = indexTags(await options.store.list()).get(options.promptId);
  const versions = new VersionLoader(options.repoDir);
  const scrub = scrubber(secretsIn(options.env));
  const keep = new Set(target.harvest?.keep ?? []);
  const seen = new Set(existing.inputs);
  const names = new Set(existing.names);
  const cases: HarvestedCase[] = [];
  const notes: string[] = [];
  let duplicates = 0;
  for (const production of withContent) {
    if (cases.length >= options.max) break;
    const version = await versions.definitions(options.promptId, production.execution.version, tags);
    const built = caseToTest(production, {
      target,
      served: version.folder,
      keep,
      scrub,
      where: options.where,
      names,
    });
    if ('skipped' in built) {
      if (!notes.includes(built.skipped)) notes.push(built.skipped);
      continue;
    }
    const key = inputKey(built.test.input, built.test.vars, built.test.messages);
    if (seen.has(key)) {
      duplicates += 1;
      continue;
    }
    seen.add(key);
    names.add(built.test.name);
    cases.push(built);
  }

  const written: string[] = [];
  if (cases.length > 0) {
    await writePiecesAtomically(testsPath, [
      appendTests(
        testsText,
        cases.map((harvested) => harvested.test),
      ),
    ]);
    written.push(target.testsFile);
    const read = (path: string) => readFile(join(options.repoDir, path)).catch(() => undefined);
    const store = await RecordingStore.load(target.path, read);
    let recorded = 0;
    for (const harvested of cases) {
      const note = recordAnswer(store, harvested, target, scrub);
      if (note) {
        if (!notes.includes(note)) notes.push(note);
      } else recorded += 1;
    }
    const secrets = secretsIn(options.env);
    if (
      recorded > 0 &&
      (await store.save((path, pieces) => writePiecesAtomically(join(options.repoDir, path), pieces), { prune: false, secrets }))
    ) {
      written.push(store.path);
    }
  }
  return {
    folder: target.path,
    testsFile: target.testsFile,
    cases,
    matched: matches.length,
    duplicates,
    withoutContent: matches.length - withContent.length,
    written,
    notes,
  };
}

/** `--into`, else the prompt's newest version folder in the work tree. */
async function targetFolder(options: HarvestOptions): Promise<PromptFolder> {
  const source = createWorkTreeSource(options.repoDir);
  const { config } = await loadRepoConfig(source);
  let path = options.into;
  if (path === undefined) {
    const folders = (await listPromptFolders({ repoDir: options.repoDir, roots: [] })).filter((folder) => folder.id === options.promptId);
    if (folders.length === 0) {
      throw new InputError({
        file: options.repoDir,
        message: `no prompt folder has the id "${options.promptId}" (give the folder with --into)`,
      });
    }
    path = folders.sort((a, b) => compareVersions(b.version, a.version))[0]!.path;
  }
  const loaded = await loadPromptFolder(source, path, config);
  if (!loaded.ok) throw new InputError({ file: path, message: `does not load: ${loaded.errors.map(formatDiagnostic).join('; ')}` });
  if (loaded.folder.id !== options.promptId) {
    throw new InputError({ file: path, message: `holds prompt "${loaded.folder.id}", not "${options.promptId}"` });
  }
  return loaded.folder;
}
