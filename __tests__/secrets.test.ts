import { describe, expect, it } from '@jest/globals';
import { isValidTagName } from '../src/release/tag-message.js';
import { redact, secretsIn } from '../src/secrets.js';

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

describe('isValidTagName', () => {
  it.each(['prompts/support@v2.0', 'prompts/team/support@1.2.0', 'prompts/a_b-c@v1'])('accepts %s', (name) => {
    expect(isValidTagName(name)).toBe(true);
  });
  it.each(['prompts/my prompt@v1', 'prompts/a..b@v1', 'prompts/x@v1.lock', 'prompts/x@v1.', 'prompts/.hidden@v1', 'prompts/x@{1}', 'prompts/x:y@v1'])(
    'rejects %s',
    (name) => {
      expect(isValidTagName(name)).toBe(false);
    },
  );
});
