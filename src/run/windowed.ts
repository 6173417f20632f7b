/**
 * Runs `start` over `items` with at most `width` of them unfinished at once, results in item
 * order. A suite of 20,000 tests queued on the limiter all at once held 20,000 suspended async
 * calls (closures, contexts, promises; docs/speed.md has the memory) for the whole run; a window
 * keeps the limiter just as busy with a few hundred.
 */
export async function mapWindowed<T, R>(items: readonly T[], width: number, start: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  // Each lane takes the next item when its own one finishes: `width` lanes, `width` in flight.
  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await start(items[index]!, index);
      } catch (error) {
        // The first failure rejects the whole map; the other lanes stop taking items.
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, width), items.length) }, lane));
  return results;
}
