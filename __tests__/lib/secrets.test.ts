import { describe, expect, it } from '@jest/globals';
import { isValidTagName } from '../../src/release/tag-message.js';
import { redact, secretsIn } from '../../src/lib/secrets.js';

describe('secretsIn and redact', () => {
  it('knows a key as the provider uses it, trimmed, and a password in a base URL', () => {
    const env = {
      OPENAI_API_KEY: 'sk-pasted-with-newline-1234\n',
      ANTHROPIC_API_KEY: '  sk-ant-spaces-5678 ',
      OPENAI_BASE_URL: 'https://user:p%40ss-word-99@llm.internal/v1',
    };
    const secrets = secretsIn(env);
    expect(secrets).toEqual(expect.arrayContaining(['sk-pasted-with-newline-1234', 'sk-ant-spaces-5678', 'p@ss-word-99']));
    const text = 'echo sk-pasted-with-newline-1234 and sk-ant-spaces-5678 via https://user:p%40ss-word-99@llm.internal';
    expect(redact(text, secrets)).toBe('echo [REDACTED] and [REDACTED] via https://user:[REDACTED]@llm.internal');
  });

  it('ignores unset, empty and too-short values', () => {
    expect(secretsIn({ OPENAI_API_KEY: '', ANTHROPIC_API_KEY: 'ab', OPENAI_BASE_URL: 'not a url' })).toEqual([]);
  });
});

describe('secretsIn: every token the runner holds', () => {
  const GITHUB = 'ghs_inputGithubToken0123456789';
  const env = {
    'INPUT_GITHUB-TOKEN': ` ${GITHUB}\n`,
    ACTIONS_RUNTIME_TOKEN: 'runtime-token-0123456789',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'id-token-request-0123456789',
    GH_TOKEN: 'gh-cli-token-0123456789',
    AZURE_OPENAI_API_KEY: 'azure-key-0123456789',
    NPM_TOKEN: 'npm_0123456789abcdef',
    DB_PASSWORD: 'correct-horse-battery',
    'INPUT_SLACK-WEBHOOK-SECRET': 'slack-secret-0123456789',
    USE_TOKEN: 'true',
    MAX_TOKEN: '4096',
    SHORT_TOKEN: 'abc123',
    INPUT_PROMPTS: 'prompts/**',
    HOME: '/home/runner',
  };

  it('knows the github-token input, the ACTIONS_* tokens, and variables named like credentials', () => {
    const secrets = secretsIn(env);
    expect(secrets).toEqual(
      expect.arrayContaining([
        GITHUB,
        'runtime-token-0123456789',
        'id-token-request-0123456789',
        'gh-cli-token-0123456789',
        'azure-key-0123456789',
        'npm_0123456789abcdef',
        'correct-horse-battery',
        'slack-secret-0123456789',
        // How actions/checkout persists the token in .git/config.
        Buffer.from(`x-access-token:${GITHUB}`).toString('base64'),
      ]),
    );
    // Flags, numbers, short values and ordinary settings are not secrets: redacting them would blank words.
    for (const value of ['true', '4096', 'abc123', 'prompts/**', '/home/runner']) expect(secrets).not.toContain(value);
  });

  it('redacts them all from any text, the longest first', () => {
    const text = `token ${GITHUB} runtime runtime-token-0123456789 oidc id-token-request-0123456789 fine: true 4096`;
    expect(redact(text, secretsIn(env))).toBe('token [REDACTED] runtime [REDACTED] oidc [REDACTED] fine: true 4096');
    expect(redact('abcdef-long and abcdef', ['abcdef', 'abcdef-long'])).toBe('[REDACTED] and [REDACTED]');
  });
});

describe('isValidTagName', () => {
  it.each(['prompts/support@v2.0', 'prompts/team/support@1.2.0', 'prompts/a_b-c@v1'])('accepts %s', (name) => {
    expect(isValidTagName(name)).toBe(true);
  });
  it.each([
    'prompts/my prompt@v1',
    'prompts/a..b@v1',
    'prompts/x@v1.lock',
    'prompts/x@v1.',
    'prompts/.hidden@v1',
    'prompts/x@{1}',
    'prompts/x:y@v1',
  ])('rejects %s', (name) => {
    expect(isValidTagName(name)).toBe(false);
  });
});
