/**
 * Secrets (API keys) must never reach a log line, a comment, a summary or a recording.
 * Every output path redacts the values it knows, on top of GitHub's own masking.
 */

/** The secret values in the environment promptgate reads. */
export function secretsIn(env: Record<string, string | undefined>): string[] {
  return [env.OPENAI_API_KEY, env.ANTHROPIC_API_KEY].filter((value): value is string => !!value && value.length >= 4);
}

/** Replaces every occurrence of every secret (of 4+ characters: shorter ones are not keys). */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('[REDACTED]');
  }
  return result;
}
