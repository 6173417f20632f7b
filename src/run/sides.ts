import { createAnswerSource, type ResponseMode } from '../providers/answer-source.js';
import { type AnswerSource, type StaleRecordings } from '../providers/types.js';
import { sumCallCounts } from '../providers/call-count.js';
import type { RunCalls, RunResult, SuiteResult, TestResult } from '../results/model.js';
import { createProvidersFromEnv, endpointSecretSources } from '../providers/from-env.js';
import { providerNames } from '../load/model-settings.js';
import { DroppedSettings } from './dropped-settings.js';
import { runPricer } from '../providers/price-call.js';
import { runSuite, type RunOptions } from './runner.js';
import { redactor, secretsIn } from '../lib/secrets.js';
import { createFileCache } from '../cache/file-cache.js';
import { writeRepoFile, type FileSource } from '../load/files/file-source.js';
import { expandModels } from '../load/models.js';
import type { LoadedFolder, PromptFolder } from '../load/types.js';
import { collectRun } from '../results/summarize.js';
import type { Settings } from '../load/settings.js';
import { compareText } from '../lib/text-order.js';
import { cancellable } from './cancel.js';
import { Semaphore } from './semaphore.js';
import type { CustomCheckPolicy } from './js-checks.js';

/** How the head and the base get their answers, sharing one limiter and one price list. */
export interface SideRunners {
  head: RunOptions;
  /** The base's answers come from its own commit's files (recordings included). */
  baseFrom(source: FileSource): RunOptions;
  /**
   * Writes the head's recordings (record and auto modes, prune); the base never records.
   * `unprunable`: folders whose tests did not all run (a load problem): nothing of theirs is pruned.
   */
  saveRecordings(unprunable: ReadonlySet<string>): Promise<string[]>;
  /** What the head's recordings hold that the run did not ask for (`promptgate prune`), `unprunable` folders left out. */
  staleRecordings(unprunable: ReadonlySet<string>): Promise<StaleRecordings[]>;
  /** Every request of the run so far: each side's prompt calls, and the judge's of both sides. */
  calls(): RunCalls;
  /** Run-level notices of the calls so far: the settings a model family refused, once. */
  notices(): string[];
  /**
   * Whether a provider can be called at all: not on a replayed run, nor on one whose
   * environment holds no provider's credentials (`auto` without a key answers only from
   * recordings, like a replay). The engine sizes V8's young generation by it (lib/heap.ts).
   */
  callsProviders: boolean;
}

/** The base replays what its own commit recorded, and calls live only when the head does. */
function baseMode(head: ResponseMode): ResponseMode {
  return head === 'replay' ? 'replay' : head === 'live' ? 'live' : 'auto';
}

/**
 * Writes recordings atomically (a temp file beside the target, then a rename): a signal or a
 * crash during a save leaves the old file or the new one, never a truncated one.
 * writeRepoFile also never writes through a link out of the repository.
 */
function writeIn(repoDir: string) {
  return (path: string, pieces: Iterable<string>) => writeRepoFile(repoDir, path, pieces);
}

/** What running the sides needs of the run's options (the engine's resolved options fit). */
export interface SideRunnerOptions {
  readonly repoDir: string;
  readonly env: Record<string, string | undefined>;
  readonly settings: Pick<Settings, 'responses' | 'concurrency' | 'repeat' | 'minPass' | 'config'>;
  readonly signal?: AbortSignal | undefined;
  /** The answer cache's folder (none: no cache). */
  readonly cacheDir?: string | undefined;
  /** `promptgate prune`: rewrite (`write`) or only measure (`check`) the head's recordings. */
  readonly prune?: 'write' | 'check' | undefined;
  onTestDone?(folder: PromptFolder, result: TestResult): void;
  onWarning?(message: string): void;
  /** Where checks.mjs may run (js-checks.ts); both sides use it, so a base runs only the checkout's bytes. */
  readonly customChecks?: CustomCheckPolicy | undefined;
}

export function createSideRunners(options: SideRunnerOptions, headSource: FileSource): SideRunners {
  const { settings } = options;
  // Created first so that a live run's SDK loads while the folders do.
  const endpoints = settings.config.endpoints;
  const fromEnv = createProvidersFromEnv(options.env, {
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    preload: settings.responses === 'live' || settings.responses === 'record',
    ...(endpoints ? { endpoints } : {}),
  });
  const callsProviders = settings.responses !== 'replay' && Object.keys(fromEnv).length > 0;
  const providers = cancellable(fromEnv, options.signal);
  const secrets = secretsIn(options.env, endpointSecretSources(endpoints));
  // One cache for both sides: the base's answers are as good as the head's for the same request.
  const cache = options.cacheDir
    ? createFileCache({ dir: options.cacheDir, redact: redactor(secrets), ...(options.onWarning ? { onWarning: options.onWarning } : {}) })
    : undefined;
  const dropped = new DroppedSettings();
  const keyVariables = Object.fromEntries(
    Object.entries(endpoints ?? {}).flatMap(([name, endpoint]) => (endpoint.apiKeyEnv ? [[name, endpoint.apiKeyEnv]] : [])),
  );
  // Prices come from the head's promptgate.yaml for both sides: one price list compares cost.
  const priceCall = runPricer(settings.config.pricing);
  const headAnswers = createAnswerSource({
    mode: settings.responses,
    providers,
    readFile: (path) => headSource.read(path),
    writeFile: writeIn(options.repoDir),
    secrets,
    priceCall,
    cache,
    prune: options.prune,
    keyVariables,
  });
  // A cancelled run did not ask for everything it meant to: none of its recordings are pruned.
  const prunableExcept = (unprunable: ReadonlySet<string>) => (folderPath: string) =>
    options.signal?.aborted !== true && !unprunable.has(folderPath);
  const baseAnswers: AnswerSource[] = [];
  const head: RunOptions = {
    limiter: new Semaphore(Math.max(1, settings.concurrency)),
    repeat: settings.repeat,
    minPass: settings.minPass,
    defaultJudge: settings.config.judge,
    judgeProviders: providerNames(settings.config),
    onDroppedSettings: dropped.note,
    priceCall,
    answerSource: headAnswers,
    signal: options.signal,
    customChecks: options.customChecks,
    ...(options.onTestDone ? { onTestDone: options.onTestDone } : {}),
  };
  return {
    head,
    baseFrom: (source) => {
      const answerSource = createAnswerSource({
        mode: baseMode(settings.responses),
        providers,
        readFile: (path) => source.read(path),
        writeFile: async () => undefined,
        secrets,
        priceCall,
        cache,
        keyVariables,
      });
      baseAnswers.push(answerSource);
      return { ...head, onTestDone: undefined, answerSource };
    },
    saveRecordings: async (unprunable) => {
      await cache?.trim();
      return headAnswers.save(prunableExcept(unprunable));
    },
    staleRecordings: (unprunable) => headAnswers.staleness(prunableExcept(unprunable)),
    calls: () => {
      const head = headAnswers.calls();
      const bases = baseAnswers.map((source) => source.calls());
      return {
        head: head.prompt,
        base: sumCallCounts(bases.map((base) => base.prompt)),
        judge: sumCallCounts([head.judge, ...bases.map((base) => base.judge)]),
      };
    },
    callsProviders,
    notices: () => dropped.notices(),
  };
}

/** A side's suites, each started as soon as its folder is loaded, collected in folder order. */
export class SideRun {
  private readonly started: Promise<SuiteResult>[] = [];

  constructor(private readonly runOptions: RunOptions) {}

  /** A folder with `models:` starts once per model: each model is a suite of its own. */
  start(loaded: LoadedFolder): void {
    if (!loaded.ok) {
      this.started.push(runSuite(loaded, this.runOptions));
      return;
    }
    const traffic = loaded.folder.settings.trafficPerDay;
    for (const folder of expandModels(loaded.folder)) {
      const suite = runSuite({ ...loaded, folder }, this.runOptions);
      this.started.push(traffic === undefined ? suite : suite.then((result) => ({ ...result, trafficPerDay: traffic })));
    }
  }

  async result(): Promise<RunResult> {
    const suites = await Promise.all(this.started);
    // Suites finish in any order; report them in folder order (a stable sort keeps a matrix's model order).
    return collectRun(suites.sort((a, b) => compareText(a.path, b.path)));
  }
}
