import { describe, expect, it } from '@jest/globals';
import { priceCall, runPricer, type CallToPrice } from '../../src/providers/price-call.js';
import { costOf, findPrice, PRICES } from '../../src/providers/pricing.js';
import type { Usage } from '../../src/providers/types.js';

const usage = (partial: Partial<Usage>): Usage => ({
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  ...partial,
});

describe('findPrice', () => {
  it('finds the models teams use, each with the date it was checked', () => {
    for (const model of [
      'gpt-4o',
      'gpt-4o-mini',
      'gpt-4.1',
      'gpt-4.1-mini',
      'gpt-4.1-nano',
      'gpt-5',
      'gpt-5-mini',
      'gpt-5-nano',
      'o4-mini',
      'claude-opus-4-1',
      'claude-sonnet-4-5',
      'claude-sonnet-4',
      'claude-haiku-4-5',
      'claude-3-5-haiku',
    ]) {
      const price = findPrice(model);
      expect(price).toBeDefined();
      expect(price?.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    for (const [name, price] of Object.entries(PRICES)) {
      expect(price.input).toBeGreaterThan(0);
      // Embedding models (the similar check) bill input only.
      if (name.startsWith('text-embedding-')) {
        expect(price.output).toBe(0);
        continue;
      }
      expect(price.output).toBeGreaterThanOrEqual(price.input);
      expect(price.cachedInput).toBeLessThan(price.input);
    }
  });

  it('knows list prices', () => {
    expect(findPrice('gpt-4o-mini')).toMatchObject({ input: 0.15, output: 0.6, cachedInput: 0.075 });
    expect(findPrice('claude-sonnet-4-5')).toMatchObject({ input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 });
  });

  it('maps dated snapshots to the longest known name', () => {
    expect(findPrice('gpt-4o-mini-2024-07-18')).toBe(PRICES['gpt-4o-mini']);
    expect(findPrice('gpt-4o-2024-08-06')).toBe(PRICES['gpt-4o']);
    expect(findPrice('claude-sonnet-4-5-20250929')).toBe(PRICES['claude-sonnet-4-5']);
    expect(findPrice('claude-sonnet-4-20250514')).toBe(PRICES['claude-sonnet-4']);
    expect(findPrice('claude-opus-4-1-20250805')).toBe(PRICES['claude-opus-4-1']);
    expect(findPrice('claude-3-5-haiku-latest')).toBe(PRICES['claude-3-5-haiku']);
  });

  it('does not take a different model for a snapshot of a shorter name', () => {
    // claude-sonnet-4-9 would be another model, not a snapshot of claude-sonnet-4: unknown, not guessed.
    expect(findPrice('claude-sonnet-4-9')).toBeUndefined();
    // claude-sonnet-4-6 is listed in its own right: its own row, not claude-sonnet-4's.
    expect(findPrice('claude-sonnet-4-6-20260217')).toBe(PRICES['claude-sonnet-4-6']);
    expect(findPrice('gpt-4o-audio-preview')).toBeUndefined();
  });

  it('prices Anthropic 1-hour cache writes at twice the input price, 5-minute ones at 1.25x', () => {
    const price = findPrice('claude-sonnet-4-5')!;
    const fiveMinute = costOf(usage({ inputTokens: 1_000_000, cacheWriteTokens: 1_000_000 }), price);
    const oneHour = costOf(usage({ inputTokens: 1_000_000, cacheWriteTokens: 1_000_000, cacheWrite1hTokens: 1_000_000 }), price);
    expect(fiveMinute).toBeCloseTo(3.75, 6);
    expect(oneHour).toBeCloseTo(6, 6);
  });

  it('returns undefined for unknown models, so callers can say "unknown" rather than 0', () => {
    expect(findPrice('llama3.1:8b')).toBeUndefined();
    expect(findPrice('')).toBeUndefined();
  });

  it('lets overrides win, for exact names and their snapshots', () => {
    const overrides = { 'gpt-4o-mini': { input: 1, output: 2 }, 'llama3.1:8b': { input: 0, output: 0 } };
    expect(findPrice('gpt-4o-mini', overrides)).toEqual({ input: 1, output: 2 });
    expect(findPrice('gpt-4o-mini-2024-07-18', overrides)).toEqual({ input: 1, output: 2 });
    expect(findPrice('llama3.1:8b', overrides)).toEqual({ input: 0, output: 0 });
    expect(findPrice('gpt-4o', overrides)).toBe(PRICES['gpt-4o']);
  });
});

describe('costOf', () => {
  it('prices input and output per million tokens', () => {
    expect(costOf(usage({ inputTokens: 1_000_000, outputTokens: 500_000 }), { input: 2, output: 8 })).toBeCloseTo(6, 10);
  });

  it('prices cached reads and cache writes apart from uncached input', () => {
    const price = { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 };
    // 1000 input of which 800 cache reads and 100 cache writes: 100 uncached.
    const cost = costOf(usage({ inputTokens: 1000, cachedInputTokens: 800, cacheWriteTokens: 100, outputTokens: 200 }), price);
    const expected = (100 * 3 + 800 * 0.3 + 100 * 3.75 + 200 * 15) / 1_000_000;
    expect(cost).toBeCloseTo(expected, 12);
  });

  it('prices cached tokens at the input price when no cached price is known', () => {
    const price = { input: 2, output: 4 };
    expect(costOf(usage({ inputTokens: 1000, cachedInputTokens: 600, cacheWriteTokens: 100 }), price)).toBeCloseTo(
      (1000 * 2) / 1_000_000,
      12,
    );
  });

  it('prices an OpenAI answer with cached tokens', () => {
    const cost = costOf(usage({ inputTokens: 2000, cachedInputTokens: 1024, outputTokens: 100 }), findPrice('gpt-4o-mini')!);
    expect(cost).toBeCloseTo((976 * 0.15 + 1024 * 0.075 + 100 * 0.6) / 1_000_000, 12);
  });
});

describe("priceCall and the run's pricer", () => {
  const overrides = { 'my-deployment': { input: 1, output: 2 }, 'house-model': { input: 3, output: 4 } };
  const call = (provider: CallToPrice['provider'], requestedModel: string, servedModel: string, tokens: number): CallToPrice => ({
    provider,
    requestedModel,
    servedModel,
    usage: usage({ inputTokens: tokens, outputTokens: tokens / 2 }),
  });
  const calls = [
    call('openai', 'gpt-4o-mini', 'gpt-4o-mini-2024-07-18', 1000),
    call('openai', 'gpt-4o-mini', 'gpt-4o-mini-2024-07-18', 3000),
    call('openai', 'gpt-4o', 'gpt-4o-mini', 1000),
    call('openai', 'not-a-model', 'also-unknown', 1000),
    call('openai', '', 'house-model', 2000),
    call('openai', 'house-model', '', 2000),
    call('azure', 'my-deployment', 'gpt-4o', 1000),
    call('azure', 'other-deployment', 'gpt-4o', 1000),
    call('anthropic', 'claude-haiku-4-5', 'claude-haiku-4-5-20251001', 4000),
  ];

  it('bills what served the call, else what was asked; Azure by its deployment only', () => {
    expect(priceCall(calls[0]!)).toEqual({ costUsd: costOf(calls[0]!.usage, findPrice('gpt-4o-mini')!), pricedAs: 'gpt-4o-mini' });
    expect(priceCall(calls[2]!)).toMatchObject({ pricedAs: 'gpt-4o-mini' });
    expect(priceCall(calls[3]!)).toEqual({ costUsd: null, costNote: expect.stringContaining('no price for model "not-a-model"') });
    expect(priceCall(calls[5]!, overrides)).toMatchObject({ pricedAs: 'house-model', costUsd: (2000 * 3 + 1000 * 4) / 1_000_000 });
    expect(priceCall(calls[6]!, overrides)).toMatchObject({ pricedAs: 'my-deployment' });
    expect(priceCall(calls[7]!, overrides)).toEqual({
      costUsd: null,
      costNote: expect.stringContaining('azure deployment "other-deployment"'),
    });
  });

  it('prices each call of a run as priceCall does, its own tokens included, however often a model recurs', () => {
    const pricer = runPricer(overrides);
    for (const each of [...calls, ...calls, ...[...calls].reverse()]) expect(pricer(each)).toEqual(priceCall(each, overrides));
    // One pricer per run: another run's price list is its own.
    expect(runPricer()(calls[4]!)).toEqual(priceCall(calls[4]!));
    expect(runPricer()(calls[4]!).costUsd).toBeNull();
  });
});
