/**
 * Costs are sums of tiny products: rounded to 1e-10 USD, far below any price, so that float
 * noise (0.30000000000000004) never shows or compares as a difference. The one rounding every
 * sum of dollars goes through.
 */
export function roundUsd(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}

/** The sum of costs, or null (unknown) as soon as one of them is unknown: never a partial sum. */
export function sumUsd(costs: Iterable<number | null>): number | null {
  let total = 0;
  for (const cost of costs) {
    if (cost === null) return null;
    total += cost;
  }
  return roundUsd(total);
}
