import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapWindowed } from '../../src/run/windowed.js';

describe('mapWindowed', () => {
  it('keeps at most `width` items unfinished, and returns results in item order', async () => {
    let running = 0;
    let most = 0;
    const items = Array.from({ length: 50 }, (_, index) => index);
    const results = await mapWindowed(items, 4, async (item) => {
      most = Math.max(most, ++running);
      await sleep((item * 7) % 5);
      running -= 1;
      return item * 2;
    });
    expect(most).toBe(4);
    expect(results).toEqual(items.map((item) => item * 2));
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    const run = mapWindowed([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await sleep(1);
      if (item === 1) throw new Error('broken test');
      return item;
    });
    await expect(run).rejects.toThrow('broken test');
    await sleep(20);
    expect(started).toEqual([0, 1, 2]);
  });

  it('handles an empty list', async () => {
    expect(await mapWindowed([], 8, async () => 1)).toEqual([]);
  });
});
