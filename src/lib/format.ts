/** Number formatting shared by every renderer, so the console, comment and summary agree. */

export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return 'n/a';
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** Signed percentage points: `+2.5 pp`, `−10.0 pp`, `±0 pp`. */
export function formatPointsDelta(delta: number | null): string {
  if (delta === null) return '';
  const points = delta * 100;
  if (Math.abs(points) < 0.05) return '±0 pp';
  return `${points > 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} pp`;
}

/**
 * `1234567` → `1,234,567`, as en-US writes it. Not Intl.NumberFormat: creating one loads ICU's
 * number data, a measurable part of every start-up (docs/speed.md), for a comma every three
 * digits.
 */
export function formatInteger(value: number): string {
  const rounded = Math.round(value);
  if (!Number.isSafeInteger(rounded)) return String(rounded);
  return (rounded < 0 ? '-' : '') + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** Dollar amounts span 1e-6 to 1e3 here: two significant digits below a dollar, no trailing zeros past the cents. */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'unknown';
  if (value === 0) return '$0';
  const abs = Math.abs(value);
  let text = abs >= 1 ? abs.toFixed(2) : abs.toPrecision(2);
  if (text.includes('e')) text = abs.toFixed(10);
  text = text.replace(/(\.\d\d\d*?)0+$/, '$1');
  return `${value < 0 ? '−' : ''}$${text}`;
}

export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${formatInteger(value)} ms`;
}

/** A relative change as `+12%`; empty when either side is unknown or the base is zero. */
export function formatRelativeChange(head: number | null, base: number | null): string {
  if (head === null || base === null || base === 0) return '';
  const change = ((head - base) / base) * 100;
  if (Math.abs(change) < 0.5) return '±0%';
  return `${change > 0 ? '+' : '−'}${Math.abs(change).toFixed(0)}%`;
}

export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${formatInteger(count)} ${count === 1 ? word : pluralWord}`;
}
