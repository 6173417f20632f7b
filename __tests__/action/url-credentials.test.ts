import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { displayUrl, urlSecrets } from '../../src/lib/secrets.js';
import { pullRequestEvent, runAction } from '../support/action-runner.js';
import { supportFolder } from '../support/fixtures.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';

/**
 * Issue 19 item 8: credentials in an endpoint URL are secrets. A token as the URL's user, its
 * password, `?api-key=` and an Azure SAS `?sig=`: masked by the runner, and in no file, log
 * line, comment or summary, even when the call fails and the message names the server.
 */
const TOKEN = 'ghs_urlcredentials000000000000000000000';
const USER_TOKEN = 'tokuser1234567890';
const PASSWORD = 'passw0rd/SECRET+x';
const API_KEY = 'QUERYSECRET123456';
const SAS = 'sv=2024&sig=SASsig123456789%2Babc';
const SECRETS = [USER_TOKEN, PASSWORD, API_KEY, 'SASsig123456789', 'SASsig123456789+abc'];

describe('urlSecrets and displayUrl', () => {
  it('find the user, the password and credential-like query values, as written and decoded', () => {
    const url = `https://${USER_TOKEN}:${encodeURIComponent(PASSWORD)}@gateway.example/v1?api-key=${API_KEY}&${SAS}&model=gpt-4o`;
    expect(urlSecrets(url).sort()).toEqual(
      [USER_TOKEN, encodeURIComponent(PASSWORD), PASSWORD, API_KEY, 'SASsig123456789%2Babc', 'SASsig123456789+abc'].sort(),
    );
    expect(displayUrl(url)).toBe('https://gateway.example/v1');
    expect(urlSecrets('not a url')).toEqual([]);
  });
});

describe('the action with credentials in OPENAI_BASE_URL and AZURE_OPENAI_ENDPOINT', () => {
  let github: GitHubServer;
  let repo: TempRepo;
  let headSha: string;
  beforeAll(async () => {
    github = await startGitHubServer({ token: TOKEN });
    repo = await createTempRepo();
    await repo.writeFiles(supportFolder('prompts/support/v1.0'));
    headSha = await repo.commit('a folder never recorded');
  });
  afterAll(async () => {
    await github.close();
    await repo.cleanup();
  });

  it('masks them, and writes them nowhere', async () => {
    const run = await runAction({
      workspace: repo.dir,
      event: pullRequestEvent({ number: 41, baseSha: headSha, headSha }),
      inputs: { 'github-token': TOKEN, responses: 'live', mode: 'all', 'results-file': 'out/results.json', 'junit-file': 'out/junit.xml' },
      env: {
        OPENAI_API_KEY: 'sk-url-credentials-0123456789',
        // A closed port: every call fails, and the failure names the server.
        OPENAI_BASE_URL: `http://${USER_TOKEN}:${encodeURIComponent(PASSWORD)}@127.0.0.1:9/v1?api-key=${API_KEY}&${SAS}`,
        AZURE_OPENAI_ENDPOINT: `https://res.openai.azure.example/?${SAS}`,
      },
      apiUrl: github.url,
      sha: headSha,
    });
    for (const secret of SECRETS) expect(run.stdout).toContain(`::add-mask::${secret}`);
    const outside = run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    const files = [
      outside,
      run.stderr,
      run.summary,
      await readFile(join(repo.dir, 'out/results.json'), 'utf8'),
      await readFile(join(repo.dir, 'out/junit.xml'), 'utf8'),
      ...github.state.comments.map((comment) => comment.body),
    ].join('\n');
    expect(files).toContain('could not reach http://127.0.0.1:9/v1');
    for (const secret of SECRETS) expect(files).not.toContain(secret);
  });
});
