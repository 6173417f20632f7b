/**
 * Quiet logs. @anthropic-ai/sdk prints its notices with console.warn on every call to a model it
 * knows to be retiring ("The model 'claude-sonnet-4-5' is deprecated and will reach end-of-life
 * on November 30th, 2026…", and one about `thinking.type=enabled` on some models): thousands of
 * identical lines on a big suite. Each is told once per model per run instead, in one line, with
 * the retirement date when the SDK gives one.
 */

/** Calls `warn` once per distinct message; nothing without a `warn`. */
export function onceEach(warn: ((message: string) => void) | undefined): (message: string) => void {
  const told = new Set<string>();
  return (message) => {
    if (!warn || told.has(message)) return;
    told.add(message);
    warn(message);
  };
}

const DEPRECATED_MODEL = /^The model '([^']+)' is deprecated and will reach end-of-life on ([^\n]+?)\.?\s*(?:\n|$)/;
const THINKING_ENABLED = /^Using Claude with (\S+) and 'thinking\.type=enabled' is deprecated/;

/**
 * What a provider makes of the SDK's console.warn text: one line naming the provider, the model
 * and the date, told once per model through `warnOnce` (an onceEach).
 */
export function sdkWarningFilter(provider: string, warnOnce: (message: string) => void): (text: string) => void {
  return (text) => {
    const deprecated = DEPRECATED_MODEL.exec(text);
    if (deprecated) {
      warnOnce(
        `${provider}: model ${deprecated[1]} is deprecated and retires on ${deprecated[2]} (the SDK's notice, shown once); ` +
          'move to a newer model: https://docs.anthropic.com/en/docs/resources/model-deprecations',
      );
      return;
    }
    const thinking = THINKING_ENABLED.exec(text);
    if (thinking) {
      warnOnce(
        `${provider}: model ${thinking[1]} deprecates thinking.type=enabled (thinking_budget); the SDK suggests adaptive thinking (shown once)`,
      );
      return;
    }
    warnOnce(`${provider}: ${text.replace(/\s+/g, ' ').trim()}`);
  };
}

/**
 * Runs `call` with console.warn sent to `warn`. The SDK warns synchronously, before create()
 * returns its promise, so nothing else of the process runs in between; the console is put back
 * before `call`'s promise is awaited.
 */
export function withWarningsTo<T>(warn: (text: string) => void, call: () => T): T {
  const original = console.warn;
  console.warn = (...args: unknown[]) => warn(args.map((arg) => (typeof arg === 'string' ? arg : String(arg))).join(' '));
  try {
    return call();
  } finally {
    console.warn = original;
  }
}
