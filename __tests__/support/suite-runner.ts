import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { createAnswerSource, type Providers, type ResponseMode } from '../../src/providers/answer-source.js';
import { createAnthropicProvider } from '../../src/providers/anthropic.js';
import { createProvidersFromEnv } from '../../src/providers/from-env.js';
import { priceCall } from '../../src/providers/price-call.js';
import type { AnswerSource } from '../../src/providers/types.js';
import { createWorkTreeSource } from '../../src/load/files/file-source.js';
import { loadPromptFolder } from '../../src/load/folder.js';
import type { LoadedFolder } from '../../src/load/types.js';
import { runSuite } from '../../src/run/runner.js';
import { Semaphore } from '../../src/run/semaphore.js';
import type { CustomCheckPolicy } from '../../src/run/js-checks.js';
import type { SuiteResult, TestResult } from '../../src/results/model.js';
import type { RunningEmulator } from './provider-emulator.js';

/**
 * A prompt folder written to a temporary directory, loaded as the CLI loads it, and run by the
 * runner through the official SDKs against the loopback emulator, with recordings read from and
 * written to that directory: the real path of a test, from tests.yaml to results.
 */

export const OPENAI_KEY = 'sk-test-suite-runner-1234';
export const ANTHROPIC_KEY = 'sk-ant-suite-runner-5678';

export interface FolderRun {
  suite: SuiteResult;
  answers: AnswerSource;
  loaded: LoadedFolder;
}

export class FolderFixture {
  private constructor(
    readonly root: string,
    readonly folder: string,
  ) {}

  static async create(folder: string, files: Record<string, string>): Promise<FolderFixture> {
    const fixture = new FolderFixture(await mkdtemp(join(tmpdir(), 'promptgate-suite-')), folder);
    await fixture.write(files);
    return fixture;
  }

  /** Writes files relative to the folder. */
  async write(files: Record<string, string>): Promise<void> {
    for (const [name, content] of Object.entries(files)) {
      const path = join(this.root, this.folder, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
    }
  }

  read(name: string): Promise<string> {
    return readFile(join(this.root, this.folder, name), 'utf8');
  }

  async load(): Promise<LoadedFolder> {
    return loadPromptFolder(createWorkTreeSource(this.root), this.folder, {});
  }

  /** Runs the folder; `providers` undefined: both SDK providers against the emulator. */
  async run(
    emulator: RunningEmulator | undefined,
    mode: ResponseMode = 'live',
    options: { providers?: Providers; customChecks?: CustomCheckPolicy; jsTimeoutMs?: number; loaded?: LoadedFolder } = {},
  ): Promise<FolderRun> {
    const loaded = options.loaded ?? (await this.load());
    const providers = options.providers ?? (emulator ? emulatorProviders(emulator) : {});
    const source = createWorkTreeSource(this.root);
    const answers = createAnswerSource({
      mode,
      providers,
      readFile: (path) => source.read(path),
      writeFile: async (path, pieces) => {
        await mkdir(dirname(join(this.root, path)), { recursive: true });
        await writeFile(join(this.root, path), [...pieces].join(''));
      },
      secrets: [OPENAI_KEY, ANTHROPIC_KEY],
      retry: { maxAttempts: 1 },
    });
    const suite = await runSuite(loaded, {
      limiter: new Semaphore(4),
      repeat: 1,
      answerSource: answers,
      priceCall: (call) => priceCall(call),
      customChecks: {
        ...(options.customChecks ?? { trustedRoot: this.root }),
        ...(options.jsTimeoutMs ? { timeoutMs: options.jsTimeoutMs } : {}),
      },
    });
    await answers.save();
    return { suite, answers, loaded };
  }

  close(): Promise<void> {
    return rm(this.root, { recursive: true, force: true });
  }
}

export function emulatorProviders(emulator: RunningEmulator): Providers {
  return {
    ...createProvidersFromEnv({ OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: emulator.openaiBaseURL }),
    anthropic: createAnthropicProvider({ apiKey: ANTHROPIC_KEY, baseURL: emulator.anthropicBaseURL }),
  };
}

export function testNamed(suite: SuiteResult, name: string): TestResult {
  const found = suite.tests.find((test) => test.name === name);
  if (!found) throw new Error(`no test ${name} in ${suite.tests.map((test) => test.name).join(', ')}`);
  return found;
}

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
ajv.addSchema(JSON.parse(await readFile(new URL('../../schemas/results.schema.json', import.meta.url), 'utf8')) as object);
const validateTest = ajv.getSchema('promptgate/results.schema.json#/definitions/test')!;

/** The errors results.schema.json finds in a test result (none: it is one). */
export function resultSchemaErrors(test: TestResult): string[] {
  return validateTest(test) ? [] : (validateTest.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}
