/**
 * A pull request's repository for end-to-end tests: the loopback provider emulator, the
 * loopback GitHub API (when given a token) and a real git repository whose `main` holds the
 * base commit and whose branch `feature` (checked out) holds the pull request's change, each
 * side recorded through the CLI if asked. A setup that fails closes what it started. Typical use:
 *
 *   let repo: TempRepo;
 *   let github: GitHubServer;
 *   let baseSha: string;
 *   let headSha: string;
 *   let close: () => Promise<void>;
 *   beforeAll(async () => {
 *     ({ repo, github, baseSha, headSha, close } = await createPullRequestFixture({
 *       token: TOKEN,
 *       key: KEY,
 *       base: { files: supportFolder('prompts/support/v1.0'), record: 'prompts', message: 'support prompt' },
 *       head: { files: { 'prompts/support/v1.0/system.txt': 'BREAK-BILLING\n' }, record: 'prompts', message: 'edit' },
 *     }));
 *   });
 *   afterAll(() => close());
 */
import { main } from '../../src/cli/main.js';
import { silentCli } from './cli-io.js';
import { supportModel } from './fixtures.js';
import { createTempRepo, type TempRepo } from './git-repo.js';
import { startGitHubServer, type GitHubServer } from './github-server.js';
import { startProviderEmulator, type EmulatorOptions, type RunningEmulator } from './provider-emulator.js';

/** What to record with `promptgate test <path> --responses record [...args]`: a path, or the path and further arguments. */
export type Recording = string | [path: string, ...args: string[]];

/** One side of the pull request: files written, then recorded, then committed. */
export interface FixtureSide {
  files?: Record<string, string | Buffer>;
  record?: Recording;
  /** The commit message; default `base` or `head`. */
  message?: string;
}

export interface PullRequestFixtureOptions {
  /** The provider key the recordings are made with (OPENAI_API_KEY). */
  key: string;
  /** Starts a loopback GitHub API that accepts only this token; without it, no GitHub server. */
  token?: string;
  /**
   * Options for an emulator of the fixture's own (the support model unless they name an answer),
   * or a running emulator to share, which close() leaves running.
   */
  emulator?: EmulatorOptions | RunningEmulator;
  /** Committed on `main`. */
  base: FixtureSide;
  /** The pull request's change, committed on `feature`; without it, `feature` stays at the base commit. */
  head?: FixtureSide;
}

export interface PullRequestFixture {
  repo: TempRepo;
  emulator: RunningEmulator;
  /** Started when the options name a token. */
  github?: GitHubServer;
  baseSha: string;
  /** The head commit; the base commit when the options give no head. */
  headSha: string;
  /** `promptgate test <path> --responses record [...args]` in the repository with the fixture's key and emulator, output discarded: its exit code. */
  record(path: string, args?: string[]): Promise<number>;
  /** Removes the repository and stops the servers the fixture started. */
  close(): Promise<void>;
}

export async function createPullRequestFixture(
  options: PullRequestFixtureOptions & { token: string },
): Promise<PullRequestFixture & { github: GitHubServer }>;
export async function createPullRequestFixture(options: PullRequestFixtureOptions): Promise<PullRequestFixture>;
export async function createPullRequestFixture(options: PullRequestFixtureOptions): Promise<PullRequestFixture> {
  const given = options.emulator ?? {};
  const shared = 'openaiBaseURL' in given;
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    const emulator = shared ? given : await startProviderEmulator({ answer: supportModel, ...given });
    if (!shared) closers.push(() => emulator.close());
    const github = options.token === undefined ? undefined : await startGitHubServer({ token: options.token });
    if (github) closers.push(() => github.close());
    const repo = await createTempRepo();
    closers.push(() => repo.cleanup());

    const record = (path: string, args: string[] = []) =>
      main(
        ['test', path, '--responses', 'record', ...args],
        silentCli(repo.dir, { OPENAI_API_KEY: options.key, OPENAI_BASE_URL: emulator.openaiBaseURL }),
      );
    const recordSide = async (recording: Recording | undefined) => {
      if (recording === undefined) return;
      const [path, ...args] = typeof recording === 'string' ? [recording] : recording;
      await record(path, args);
    };

    const { base, head } = options;
    await repo.writeFiles(base.files ?? {});
    await recordSide(base.record);
    const baseSha = await repo.commit(base.message ?? 'base');
    await repo.git(['checkout', '--quiet', '-b', 'feature']);
    let headSha = baseSha;
    if (head) {
      await repo.writeFiles(head.files ?? {});
      await recordSide(head.record);
      headSha = await repo.commit(head.message ?? 'head');
    }
    return { repo, emulator, github, baseSha, headSha, record, close };
  } catch (error) {
    await close();
    throw error;
  }
}
