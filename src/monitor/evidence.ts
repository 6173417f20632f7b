import { formatInteger, formatMs } from '../lib/format.js';
import type { Figure, FigureKind } from './figures.js';
import { COMPARISON_Z, type GuardCheck } from './guard-check.js';
import type { Bounds } from './intervals.js';
import { normalCdf } from './intervals.js';

/*
 * Figures and guard checks in words, the same in the console, the job summary and the issue.
 * Plain text (numbers and the names of guards and metrics): each sink escapes it.
 */

export function formatValue(kind: FigureKind, value: number | null): string {
  if (value === null) return 'n/a';
  switch (kind) {
    case 'rate':
      return `${(value * 100).toFixed(1)}%`;
    case 'latency':
      return formatMs(value);
    case 'cost':
      return `$${significant(value)}`;
    case 'mean':
      return significant(value);
  }
}

/** Three significant digits, never exponent notation. */
function significant(value: number): string {
  if (value === 0) return '0';
  const text = Math.abs(value) >= 1e-6 ? value.toPrecision(3) : value.toExponential(2);
  return text.includes('e') ? text : String(Number(text));
}

export function formatBounds(kind: FigureKind, bounds: Bounds | null): string {
  if (!bounds) return 'no interval';
  const [low, high] = bounds;
  if (kind === 'rate') return `${(low * 100).toFixed(1)}–${high === null ? '…' : `${(high * 100).toFixed(1)}%`}`;
  return `${formatValue(kind, low)}–${high === null ? 'open' : formatValue(kind, high)}`;
}

/** `2.1% (95% CI 1.4–3.0%, n=1,200)`. */
export function describeFigure(figure: Figure): string {
  if (figure.value === null) return `n/a (n=${formatInteger(figure.n)})`;
  return `${formatValue(figure.kind, figure.value)} (95% CI ${formatBounds(figure.kind, figure.interval)}, n=${formatInteger(figure.n)})`;
}

/** The confidence of the comparison interval, as a percentage (99.994%). */
export const COMPARISON_LEVEL = `${(100 * (1 - 2 * (1 - normalCdf(COMPARISON_Z)))).toFixed(3)}%`;

function formatDifference(kind: FigureKind, bounds: Bounds): string {
  const [low, high] = bounds;
  if (kind === 'rate') {
    const pp = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)} pp`;
    return `${pp(low)} to ${high === null ? 'open' : pp(high)}`;
  }
  const signed = (value: number) => (Number.isFinite(value) ? `${value >= 0 ? '+' : '−'}${formatValue(kind, Math.abs(value))}` : '−∞');
  return `${signed(low)} to ${high === null ? 'open' : signed(high)}`;
}

/** One guard's state in words: why it acted, or why not. */
export function describeCheck(check: GuardCheck): string {
  const { guard, figure } = check;
  const limit = `${guard.name} ${guard.text}`;
  const base = (() => {
    switch (check.state) {
      case 'breached':
        return `breached ${limit}: ${describeFigure(figure)} lies wholly beyond the limit`;
      case 'within':
        return `${limit}: within (${describeFigure(figure)})`;
      case 'too-few':
        return `${limit}: not judged, ${describeFigure(figure)} from too few executions`;
      case 'no-data':
        return `${limit}: no data`;
    }
  })();
  const versus = check.versus;
  if (!versus) return base;
  if (versus.state === 'not-compared') return `${base}; not compared with production (${versus.why ?? 'no data'})`;
  const against = `${formatValue(figure.kind, figure.value)} against production ${formatValue(versus.production.kind, versus.production.value)}`;
  const interval =
    versus.difference && figure.kind !== 'latency'
      ? `, difference ${formatDifference(figure.kind, versus.difference)} at ${COMPARISON_LEVEL}`
      : `, intervals at ${COMPARISON_LEVEL} ${versus.state === 'worse' ? 'apart' : 'overlapping'}`;
  return `${base}; ${versus.state === 'worse' ? 'worse than production' : 'not worse than production'}: ${against}${interval}`;
}

/** The first line of evidence for a tag message or a title: the breach, shortly. */
export function describeEvidence(check: GuardCheck): string {
  const { guard, figure } = check;
  if (check.state !== 'breached' && check.versus?.state === 'worse') {
    return `${guard.name} ${formatValue(figure.kind, figure.value)} is worse than production's ${formatValue(figure.kind, check.versus.production.value)}`;
  }
  return `${guard.name} ${formatValue(figure.kind, figure.value)} (95% CI ${formatBounds(figure.kind, figure.interval)}) breached ${guard.text}`;
}
