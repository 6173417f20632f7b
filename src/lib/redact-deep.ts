/**
 * A value with every string (keys included) redacted, sharing every part that held no secret:
 * for results.json of 20,000 tests without a secret in them this allocates nothing, and a test
 * whose output quoted a key is the only one copied.
 *
 * Redacting the results before anything renders them is what makes redaction hold: a renderer
 * cuts long text (a secret cut in two no longer matches) and escapes Markdown (`sk_live` becomes
 * `sk\_live`), so text redacted after rendering can still show a secret.
 */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  return walk(value, redact) as T;
}

function walk(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index += 1) {
      const item: unknown = value[index];
      const cleaned = walk(item, redact);
      if (cleaned !== item) {
        copy ??= value.slice();
        copy[index] = cleaned;
      }
    }
    return copy ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  let copy: Record<string, unknown> | undefined;
  const entries = Object.entries(value);
  for (const [key, member] of entries) {
    const cleanKey = redact(key);
    const cleaned = walk(member, redact);
    if (cleanKey !== key || cleaned !== member) {
      copy ??= Object.fromEntries(entries);
      if (cleanKey !== key) delete copy[key];
      copy[cleanKey] = cleaned;
    }
  }
  return copy ?? value;
}
