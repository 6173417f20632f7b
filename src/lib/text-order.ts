/**
 * The order of everything promptgate sorts (folder paths, ids, version parts): by UTF-16 code
 * unit, the same on every machine. localeCompare follows the runner's locale (C.UTF-8 on
 * GitHub's runners, en_US on a laptop), so one change could be listed in two orders; and its
 * first call loads ICU's collator, which costs every start-up time (docs/speed.md).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
