import { normalise, singleLine } from './text.js';

/**
 * Escaping for the log sink: the Actions log and a terminal. The runner treats a line starting
 * with `::` (after whitespace) as a workflow command, and `##[` anywhere in a line as a legacy
 * one; a zero-width space between the two characters makes them plain text. ANSI escapes are
 * stripped so text cannot recolour, hide or hyperlink log lines. Kept by hand (no library
 * knows the runner's command syntax), and small enough to read.
 */

const ZERO_WIDTH_SPACE = '\u200b';

function defuseCommands(text: string): string {
  return text.replace(/^([^\S\n]*):(?=:)/gm, `$1:${ZERO_WIDTH_SPACE}`).replace(/#(?=#\[)/g, `#${ZERO_WIDTH_SPACE}`);
}

/**
 * A whole block of text made safe to print to the log, line structure kept. Line breaks are
 * normalised first, because the runner also splits lines on a bare CR.
 */
export function sanitizeForLog(text: string): string {
  return defuseCommands(normalise(text));
}

/**
 * One untrusted value (model output, test name, prompt id, version, model name, path) as part
 * of one log line: no line break can start a new line (and so a command), at most `maxLength`
 * characters, and a `::` at its start is defused, in case it leads the line.
 */
export function escapeLogText(text: unknown, maxLength = 400): string {
  const value = typeof text === 'string' ? text : (JSON.stringify(text) ?? String(text));
  return defuseCommands(singleLine(value, maxLength));
}
