import { formatInteger, formatUsd, plural } from '../lib/format.js';
import type { CallCount } from '../providers/call-count.js';
import type { RunCalls } from '../results/model.js';

/**
 * What a run paid and what it saved, in one sentence, from results.json `calls` (what the
 * providers received, retries included): "Called the model 50 times ($0.04: head 50) · 300
 * answers from recordings, 50 from the cache (saving $0.31)". The same words on every surface.
 */
export function describeCalls(calls: RunCalls): string | undefined {
  const sides = [
    ['head', calls.head],
    ['base', calls.base],
    ['judge', calls.judge],
  ] as const;
  const total = (pick: (count: CallCount) => number) => sides.reduce((sum, [, count]) => sum + pick(count), 0);
  const usd = (pick: (count: CallCount) => number | null | undefined) => {
    const values = sides.map(([, count]) => pick(count) ?? null);
    return values.some((value) => value === null) ? null : values.reduce<number>((sum, value) => sum + (value ?? 0), 0);
  };
  const live = total((count) => count.live);
  const replayed = total((count) => count.replayed);
  const cached = total((count) => count.cached);
  const missing = total((count) => count.missing);
  // Nothing was asked (no folder ran): there is nothing to say.
  if (live + replayed + cached + missing === 0) return undefined;
  const parts: string[] = [];
  if (live > 0) {
    const bySide = sides
      .filter(([, count]) => count.live > 0)
      .map(([name, count]) => `${name} ${formatInteger(count.live)}`)
      .join(', ');
    parts.push(`Called the model ${plural(live, 'time')} (${formatUsd(usd((count) => count.costUsd))}: ${bySide}; retries included)`);
  } else {
    parts.push('No API calls');
  }
  const free = [
    ...(replayed > 0 ? [`${plural(replayed, 'answer')} from recordings`] : []),
    ...(cached > 0 ? [`${formatInteger(cached)} from the cache`] : []),
  ];
  if (cached > 0 && replayed === 0) free[0] = `${plural(cached, 'answer')} from the cache`;
  if (free.length > 0) {
    const saved = usd((count) => count.savedUsd);
    parts.push(`${free.join(', ')}${saved !== null && saved > 0 ? ` (saving ${formatUsd(saved)})` : ''}`);
  }
  if (missing > 0) parts.push(`${plural(missing, 'request')} had no answer to replay or key to call live (not run)`);
  return parts.join(' · ');
}

/** What a run did with the answers recordings.json lacked. */
export interface KeptAnswers {
  /** The CLI writes recordings.json in the work tree itself; the action's job ends with its checkout. */
  surface: 'cli' | 'action';
  /** Repository-relative recordings files this run wrote. */
  written: readonly string[];
  /** `commit-recordings: true` committed them to the pull request's branch. */
  committed?: string;
  /** Why they were not committed, when that was asked. */
  notCommitted?: string;
}

/** How a sink writes the advice: a command or path as code, any other untrusted text escaped. */
export interface AdviceFormat {
  code(text: string): string;
  text(text: string): string;
}

/** The console's format: plain text (the log sink strips what a terminal would act on). */
export const PLAIN: AdviceFormat = { code: (text) => `'${text}'`, text: (text) => text };

/**
 * When the head's answers came from outside recordings.json (live calls, the cache), how to
 * keep them, so that the next run of this change, and the next pull request after it merges,
 * does not pay for them again. Undefined when every answer was already recorded. Folder paths,
 * file names and branch names come from the pull request: `format` writes them for the sink.
 */
export function keepAnswersAdvice(
  calls: RunCalls | undefined,
  folders: readonly string[],
  kept: KeptAnswers | undefined,
  format: AdviceFormat = PLAIN,
): string | undefined {
  if (!calls) return undefined;
  const unrecorded = calls.head.live + calls.head.cached + calls.judge.live + calls.judge.cached;
  if (unrecorded === 0) return undefined;
  if (kept?.committed)
    return `The answers recordings.json lacked are committed to this branch as ${format.code(kept.committed.slice(0, 12))}: the next run replays them.`;
  if (kept?.surface === 'cli' && kept.written.length > 0) {
    const files = kept.written.map(format.code).join(', ');
    return `The answers recordings.json lacked are now in ${files}: commit ${kept.written.length === 1 ? 'it' : 'them'}, so later runs (and CI) replay them.`;
  }
  const record = format.code(`promptgate test ${folders.length > 0 && folders.length <= 3 ? folders.join(' ') : '…'} --responses record`);
  const ways = [
    `run ${record} and commit recordings.json`,
    ...(kept?.surface === 'action'
      ? [
          `take the recordings this job wrote (the ${format.code('recordings')} output; the README's workflow uploads them as an artifact)`,
          `set ${format.code('commit-recordings: true')}`,
        ]
      : []),
  ];
  const why = kept?.notCommitted ? ` (not committed: ${format.text(kept.notCommitted)})` : '';
  return `Some answers are not in recordings.json yet${why}, so a later run pays for them again unless the answer cache has them. To keep them, ${ways.join(', or ')}.`;
}
