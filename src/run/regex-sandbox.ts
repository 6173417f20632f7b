import { createContext, Script, type Context } from 'node:vm';

/*
 * Regexes from tests.yaml run in a sandbox with a deadline: `(a+)+$` on a long non-matching
 * answer backtracks for ages, and one bad pattern must not hang the whole run.
 */

// Made on the first regex check, so a run without one never compiles the script.
let regexContext: Context | undefined;
let regexScript: Script | undefined;

export function testRegex(pattern: string, flags: string, subject: string): { matched: boolean } | { error: string } {
  regexContext ??= createContext(Object.create(null) as object);
  regexScript ??= new Script('new RegExp(pattern, flags).test(subject)');
  const sandbox = regexContext as { pattern?: string; flags?: string; subject?: string };
  Object.assign(sandbox, { pattern, flags, subject });
  try {
    // The deadline is wall-clock time: on a busy runner a trivial pattern can miss it when the
    // process is descheduled, so a timeout is confirmed with a longer second try before it is
    // reported. A catastrophic pattern costs both waits once; a verdict never depends on load.
    for (const limit of [REGEX_TIMEOUT_MS, REGEX_CONFIRM_TIMEOUT_MS]) {
      try {
        return { matched: regexScript.runInContext(regexContext, { timeout: limit }) === true };
      } catch (error) {
        if ((error as { code?: string } | null)?.code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
      }
    }
    return { error: `regex timed out after ${REGEX_CONFIRM_TIMEOUT_MS} ms (catastrophic backtracking?): /${pattern}/${flags}` };
  } catch (error) {
    // Errors from the sandbox are of its own realm: test by name, not instanceof.
    const message = (error as { message?: string } | null)?.message ?? String(error);
    return {
      error: `invalid regular expression /${pattern}/${flags}: ${message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}`,
    };
  } finally {
    // Do not keep a large answer alive between calls.
    Object.assign(sandbox, { pattern: undefined, flags: undefined, subject: undefined });
  }
}

export const REGEX_TIMEOUT_MS = 200;
/** The second, longer try that confirms a timeout (see testRegex). */
export const REGEX_CONFIRM_TIMEOUT_MS = 1000;
