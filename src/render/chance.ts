import type { ResultsFile, SuiteComparison, SuiteResult } from '../results/model.js';
import { comparisonLookup } from '../results/model-pairs.js';
import { formatPp } from '../results/statistics.js';
import { plural } from '../lib/format.js';
import { suiteTitle } from './reasons.js';

/**
 * The paired comparison in a reviewer's words. The table's delta counts every test of each side;
 * the paired test (exact McNemar) counts only the tests that ran on both sides, so where those
 * are fewer the sentence says "on the N tests run on both sides" and gives its own delta. p is
 * said as how often chance alone makes a change this large; the test's name is in a footnote.
 * A real regression (the verdict `regression`) leads, in bold.
 */

export const CHANCE_FOOTNOTE =
  '<sub>¹ How often chance alone gives a change this large: p of the exact two-sided McNemar test over the tests run on both sides, each paired with itself on the base. Below 5% counts as real.</sub>';

/** "4%", "less than 0.1%", "0.4%", "nearly 100%": p as a share of the time. */
export function chanceShare(p: number): string {
  if (p < 0.001) return 'less than 0.1%';
  if (p < 0.01) return `${(p * 100).toFixed(1)}%`;
  if (p > 0.995) return 'nearly 100%';
  return `${Math.round(p * 100)}%`;
}

/** "a drop this large happens by chance 4% of the time". */
export function chanceWords(deltaPp: number, p: number): string {
  return `a ${deltaPp < 0 ? 'drop' : 'gain'} this large happens by chance ${chanceShare(p)} of the time`;
}

/** One sentence for a compared suite, or undefined when there is no change to weigh. */
export function chanceSentence(
  suite: Pick<SuiteResult, 'id' | 'version' | 'provider' | 'model'>,
  row: SuiteComparison,
): string | undefined {
  const detail = row.verdictDetail;
  if (!detail || row.pValue == null || detail.deltaPp === null || Math.round(detail.deltaPp * 10) === 0) return undefined;
  const title = suiteTitle(suite);
  const fewer = detail.paired < (row.head?.total ?? 0) || detail.paired < (row.base?.total ?? 0);
  const where = fewer ? ` on the ${plural(detail.paired, 'test')} run on both sides` : '';
  const chance = `${chanceWords(detail.deltaPp, row.pValue)}¹`;
  if (row.verdict === 'regression') {
    const flips = `${plural(detail.regressions, 'test')} that passed on the base ${detail.regressions === 1 ? 'fails' : 'fail'} now`;
    return `⚠️ **A real regression:** ${title} — ${flips} (${formatPp(detail.deltaPp)}${where}); ${chance}.`;
  }
  if (row.verdict === 'improvement') return `**A real improvement:** ${title} — ${formatPp(detail.deltaPp)}${where}; ${chance}.`;
  return `${title}: ${formatPp(detail.deltaPp)}${where}, may be noise: ${chance}.`;
}

/** The sentences for every compared suite with a change, regressions first, and the footnote; '' when none. */
export function chanceSection(results: ResultsFile): string {
  const rowOf = comparisonLookup(results.comparison?.suites);
  const sentences: Array<{ text: string; rank: number }> = [];
  for (const suite of results.suites) {
    const row = rowOf(suite);
    const text = row ? chanceSentence(suite, row) : undefined;
    if (text) sentences.push({ text, rank: row?.verdict === 'regression' ? 0 : row?.verdict === 'improvement' ? 1 : 2 });
  }
  if (sentences.length === 0) return '';
  const ordered = sentences.sort((a, b) => a.rank - b.rank).map((sentence) => sentence.text);
  return `${ordered.join('<br>\n')}\n\n${CHANCE_FOOTNOTE}`;
}
