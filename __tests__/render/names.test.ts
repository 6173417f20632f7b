import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { supportFolder, supportModel } from '../support/fixtures.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { renderGfm } from '../support/gfm.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';

/**
 * Names come from the pull request: a prompt id that spells a Markdown image link with its
 * punctuation escaped, a test name that hides a zero-width space, a bidi override. Rendered as
 * GitHub renders the comment, none becomes a link or an image, and every hidden character shows.
 */
let emulator: RunningEmulator;
let repo: TempRepo;
let comment: string;
let stdout = '';
beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
  repo = await createTempRepo();
  await repo.writeFiles(
    supportFolder('prompts/p/v1.0', {
      tests:
        'tests:\n  - name: "Never leaks\\u200B"\n    input: You charged my card twice\n    expected_intent: account_access\n  - name: "abc\\u202Eevil www.evil.example"\n    input: hi\n    expected_intent: nothing\n',
    }),
  );
  await repo.write(
    'prompts/p/v1.0/prompt.yaml',
    'id: "\\\\!\\\\[p\\\\]\\\\(https://evil.example/p.png\\\\) see https://evil.example/x"\nvariables:\n  company: Acme\n',
  );
  const env = { OPENAI_API_KEY: 'sk-names-0123456789abcdef', OPENAI_BASE_URL: emulator.openaiBaseURL };
  const io = {
    cwd: repo.dir,
    env,
    stdout: (text: string) => (stdout += text),
    stderr: () => undefined,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  await main(['test', 'prompts', '--responses', 'live', '--markdown', 'comment.md'], io);
  comment = await readFile(join(repo.dir, 'comment.md'), 'utf8');
});
afterAll(async () => {
  await emulator.close();
  await repo.cleanup();
});

describe('names in the comment', () => {
  it('never become a link or an image', () => {
    const html = renderGfm(comment);
    expect(comment).toContain('evil.example');
    expect(html).not.toMatch(/<img/);
    expect(html).not.toMatch(/<a [^>]*href="https?:\/\/evil/);
    expect(html).not.toMatch(/<a [^>]*href="http:\/\/www\.evil/);
  });

  it('show zero-width and bidi characters as what they are', () => {
    // (A short name keeps its spaces unbroken: no-break spaces.)
    const html = renderGfm(comment).replace(/\u00a0/g, ' ');
    expect(html).toContain('Never leaks&lt;U+200B&gt;');
    expect(html).toContain('abc&lt;U+202E&gt;evil');
    expect(comment).not.toMatch(/[\u200b\u202e]/);
    expect(stdout).toContain('Never leaks<U+200B>');
  });
});
