/**
 * What a release did, as plain log lines and as the job summary's markdown. Tag names, folders
 * and reasons come from the repository (ids, versions) and from GitHub: callers pass the log
 * lines through sanitizeForLog, and the markdown escapes them here.
 */
import { escapeInline, inlineCode } from '../render/markdown.js';
import type { ReleaseOutcome } from './run-release.js';

/** The parts of an outcome a report needs; a release that stopped early has only `fatal`. */
export interface ReleaseReport {
  outcome?: Pick<ReleaseOutcome, 'created' | 'moved' | 'skipped' | 'failed'>;
  /** Why the release stopped before attempting any tag (listing the tags failed, say). */
  fatal?: string;
  commit: string;
}

const moveText = (move: ReleaseOutcome['moved'][number]) => `${move.version}${move.from ? ` (was ${move.from})` : ''}`;

/** Unescaped: the caller sanitises them for its log. */
export function releaseLogLines({ outcome, fatal, commit }: ReleaseReport): string[] {
  const lines: string[] = [];
  if (fatal) lines.push(`Release stopped: ${fatal}`);
  if (!outcome) return lines;
  for (const tag of outcome.created) lines.push(`Tagged ${tag} at ${commit.slice(0, 12)}`);
  for (const move of outcome.moved) lines.push(`Moved ${move.tag} to ${moveText(move)}`);
  for (const skip of outcome.skipped) lines.push(`Not tagged ${skip.tag}: ${skip.reason}`);
  for (const failure of outcome.failed) lines.push(`Failed ${failure.tag}: ${failure.reason}`);
  return lines;
}

export function renderReleaseSummary({ outcome, fatal, commit }: ReleaseReport): string {
  const code = (text: string) => inlineCode(text, { maxLength: 200 });
  const lines = ['### promptgate release', ''];
  if (fatal) lines.push(`❌ The release stopped before tagging anything: ${escapeInline(fatal, 500)}`, '');
  if (outcome) {
    const counts = `${outcome.created.length} created, ${outcome.skipped.length} skipped, ${outcome.failed.length} failed`;
    lines.push(`Tags at ${code(commit.slice(0, 12))}: ${counts}.`, '');
    lines.push(
      ...outcome.created.map((tag) => `- ✅ tagged ${code(tag)}`),
      ...outcome.moved.map((move) => `- ⏩ ${code(move.tag)} → ${escapeInline(moveText(move))}`),
      ...outcome.skipped.map((skip) => `- ⏭️ ${code(skip.tag)} not tagged: ${escapeInline(skip.reason, 500)}`),
      ...outcome.failed.map((failure) => `- ❌ ${code(failure.tag)}: ${escapeInline(failure.reason, 500)}`),
    );
  }
  return lines.join('\n');
}
