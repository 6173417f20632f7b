/**
 * How a diagnostic quotes what the author wrote: only the offending token, on one line, and
 * short. Prompt files come from pull requests; a message is printed to the log, the job summary
 * and the PR comment, so it must not carry a dump of a file (nor a secret that file holds, nor
 * a newline that starts a workflow command).
 */

/** Characters of a token kept in a message; the rest is cut with `…`. */
export const MAX_QUOTED_CHARS = 60;

/** The token cut to MAX_QUOTED_CHARS (by code point, so no surrogate is split), control characters escaped. */
export function shortToken(text: string): string {
  const chars = [...text];
  const short = chars.length > MAX_QUOTED_CHARS ? `${chars.slice(0, MAX_QUOTED_CHARS).join('')}…` : text;
  return short.replace(/[\u0000-\u001f\u007f]/g, (char) => JSON.stringify(char).slice(1, -1));
}

/** `"token"`: shortToken in double quotes. */
export function quoteToken(text: string): string {
  return `"${shortToken(text)}"`;
}
