/**
 * Secrets (API keys) must never reach a log line, a comment, a summary or a recording.
 * Every output path redacts the values it knows, on top of GitHub's own masking.
 */

/**
 * The secret values in the environment promptgate reads: the API keys as the providers use
 * them (trimmed: a pasted secret often ends in a newline) and any password in a base URL.
 */
export function secretsIn(env: Record<string, string | undefined>): string[] {
  const secrets = [env.OPENAI_API_KEY, env.ANTHROPIC_API_KEY, env.AZURE_OPENAI_API_KEY].map((value) => value?.trim());
  for (const url of [env.OPENAI_BASE_URL, env.ANTHROPIC_BASE_URL, env.AZURE_OPENAI_ENDPOINT]) {
    try {
      const parsed = url ? new URL(url) : undefined;
      if (parsed?.password) secrets.push(decodeURIComponent(parsed.password), parsed.password);
    } catch {
      // Not a URL: the SDK will say so; there is no password to hide.
    }
  }
  return [...new Set(secrets.filter((value): value is string => !!value && value.length >= 4))];
}

/** Replaces every occurrence of every secret (of 4+ characters: shorter ones are not keys). */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('[REDACTED]');
  }
  return result;
}
