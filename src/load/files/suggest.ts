/* "Did you mean": the likely intended key or value for a typo, in the messages of schemas.ts. */

/** A likely intended key for a typo: `expect_intent` → `expected_intent`, `inptu` → `input`. */
export function suggestKey(key: string, allowed: string[]): string | undefined {
  const prefixed = /^(expect|expects|expected|exp)[-_]?(.+)$/i.exec(key);
  if (prefixed && allowed.includes('expected_<field>') && !/^expected_/.test(key)) return `expected_${prefixed[2]}`;
  const minMax = /^(min|max)[-]?(.+)$/i.exec(key);
  if (minMax && key.includes('-') && allowed.includes(`${minMax[1]!.toLowerCase()}_<field>`))
    return `${minMax[1]!.toLowerCase()}_${minMax[2]}`;
  const plain = allowed.filter((candidate) => !candidate.includes('<'));
  const close = plain.find((candidate) => editDistance(key.toLowerCase(), candidate) <= Math.min(2, Math.floor(candidate.length / 3)));
  return close;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
