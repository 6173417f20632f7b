import { describe, expect, it } from '@jest/globals';
import { lineAt, parseYamlText } from '../../src/load/files/positions.js';
import { computeMetrics, metricSamples, type MetricSample } from '../../src/results/metrics.js';
import { describeMissedMetric } from '../../src/gate/rules.js';
import { validateMetrics, type MetricDefinition } from '../../src/load/metrics.js';

function answer(output: string, overrides: Partial<MetricSample> = {}): MetricSample {
  return { status: 'passed', output, latencyMs: 500, costUsd: 0.001, ...overrides };
}
const errored = (): MetricSample => ({ status: 'error', output: null, latencyMs: null, costUsd: 0 });

const escalationRate: MetricDefinition = { name: 'escalation_rate', kind: 'rate_of', field: 'escalate', max: 0.1 };
const avgConfidence: MetricDefinition = { name: 'avg_confidence', kind: 'mean_of', field: 'confidence', min: 0.8 };

describe('computeMetrics', () => {
  it('computes a rate of a boolean field and checks it against max', () => {
    const samples = [
      ...Array.from({ length: 9 }, () => answer('{"escalate": false}')),
      answer('{"escalate": true}', { status: 'failed' }), // failed tests are answered too
    ];
    expect(computeMetrics([escalationRate], samples)).toEqual({ escalation_rate: { value: 0.1, max: 0.1, passed: true } });
    const more = [...samples, answer('{"escalate": true}')];
    expect(computeMetrics([escalationRate], more).escalation_rate).toEqual({ value: 2 / 11, max: 0.1, passed: false });
  });

  it('computes a mean of a numeric field, without float noise missing the target', () => {
    const samples = [0.6, 0.9, 0.9].map((confidence) => answer(JSON.stringify({ confidence })));
    expect((0.6 + 0.9 + 0.9) / 3).toBeLessThan(0.8); // the noise this guards against
    expect(computeMetrics([avgConfidence], samples).avg_confidence).toEqual({ value: (0.6 + 0.9 + 0.9) / 3, min: 0.8, passed: true });
    const low = [0.7, 0.8].map((confidence) => answer(JSON.stringify({ confidence })));
    expect(computeMetrics([avgConfidence], low).avg_confidence).toMatchObject({ value: 0.75, passed: false });
  });

  it('reads a nested field and a fenced JSON answer like the checks do', () => {
    const definition: MetricDefinition = { name: 'refund_rate', kind: 'rate_of', field: 'result.actions[0].refund' };
    const samples = [answer('```json\n{"result":{"actions":[{"refund":true}]}}\n```'), answer('{"result":{"actions":[{"refund":false}]}}')];
    expect(computeMetrics([definition], samples).refund_rate).toEqual({ value: 0.5, passed: true });
  });

  it('leaves out answers that are not JSON or lack the field, and says how many', () => {
    const samples = [
      answer('{"escalate": true}'),
      answer('{"escalate": false}'),
      answer('I will escalate this to a human.', { status: 'failed' }),
      answer('{"escalate": "true"}', { status: 'failed' }),
      errored(), // not an answer at all: not counted anywhere
    ];
    expect(computeMetrics([escalationRate], samples).escalation_rate).toEqual({
      value: 0.5,
      max: 0.1,
      passed: false,
      reason:
        '2 of 4 answered outputs had no boolean escalate (not JSON, or the field missing or of another type); measured over the other 2',
    });
  });

  it('is null, not 0, when no answer has the field, and then misses its target', () => {
    const result = computeMetrics([avgConfidence], [answer('not json'), answer('{"other": 1}')]).avg_confidence;
    expect(result).toEqual({
      value: null,
      min: 0.8,
      passed: false,
      reason: '2 of 2 answered outputs had no number confidence (not JSON, or the field missing or of another type)',
    });
  });

  it('is null for every answer-based metric when no test was answered', () => {
    const definitions: MetricDefinition[] = [
      escalationRate,
      { name: 'p95_latency_ms', kind: 'built-in', max: 2000 },
      { name: 'cost_per_query_usd', kind: 'built-in', max: 0.01 },
    ];
    const results = computeMetrics(definitions, [errored(), errored()]);
    for (const name of ['escalation_rate', 'p95_latency_ms', 'cost_per_query_usd']) {
      expect(results[name]).toMatchObject({ value: null, passed: false, reason: 'no test was answered' });
    }
  });

  it('passes a metric with no targets whatever its value: it is only shown', () => {
    const shown: MetricDefinition = { name: 'escalations', kind: 'rate_of', field: 'escalate' };
    expect(computeMetrics([shown], []).escalations).toEqual({ value: null, passed: true, reason: 'no test was answered' });
  });

  it('takes the nearest-rank p95 of answered latencies', () => {
    const samples = Array.from({ length: 20 }, (_, i) => answer('{}', { latencyMs: (i + 1) * 100 }));
    samples.push(errored());
    expect(computeMetrics([{ name: 'p95_latency_ms', kind: 'built-in', max: 2000 }], samples).p95_latency_ms).toEqual({
      value: 1900,
      max: 2000,
      passed: true,
    });
  });

  it('divides cost by answered queries, and is unknown when one price is', () => {
    const definition: MetricDefinition = { name: 'cost_per_query_usd', kind: 'built-in', max: 0.002 };
    const samples = [answer('{}', { costUsd: 0.001 }), answer('{}', { costUsd: 0.003 }), errored()];
    expect(computeMetrics([definition], samples).cost_per_query_usd).toEqual({ value: 0.002, max: 0.002, passed: true });
    const unknown = computeMetrics([definition], [...samples, answer('{}', { costUsd: null })]).cost_per_query_usd;
    expect(unknown).toMatchObject({ value: null, passed: false, reason: expect.stringMatching(/price is unknown/) });
  });

  it('counts errors over every call, and 100% errors is a value, not null', () => {
    const definition: MetricDefinition = { name: 'error_rate', kind: 'built-in', max: 0.05 };
    expect(computeMetrics([definition], [answer('{}'), answer('{}'), answer('{}'), errored()]).error_rate).toEqual({
      value: 0.25,
      max: 0.05,
      passed: false,
    });
    expect(computeMetrics([definition], [errored()]).error_rate).toMatchObject({ value: 1, passed: false });
    expect(computeMetrics([definition], []).error_rate).toMatchObject({ value: null, reason: 'no test ran' });
  });

  it('counts every run of a repeated test as an answer', () => {
    const repeated = { ...answer('{"escalate": false}'), runs: [answer('{"escalate": true}'), answer('{"escalate": false}')] };
    const samples = metricSamples([repeated, answer('{"escalate": false}')]);
    expect(samples).toHaveLength(3);
    expect(computeMetrics([escalationRate], samples).escalation_rate?.value).toBeCloseTo(1 / 3, 15);
  });
});

describe('describeMissedMetric', () => {
  it('names the metric, its value and the target it missed', () => {
    expect(describeMissedMetric('escalation_rate', { value: 0.15000000000000002, max: 0.1, passed: false })).toBe(
      'metric escalation_rate is 0.15, above its max 0.1',
    );
    expect(describeMissedMetric('avg_confidence', { value: 0.75, min: 0.8, passed: false })).toBe(
      'metric avg_confidence is 0.75, below its min 0.8',
    );
    expect(describeMissedMetric('avg_confidence', { value: null, min: 0.8, passed: false, reason: 'no test was answered' })).toBe(
      'metric avg_confidence could not be measured: no test was answered',
    );
    expect(describeMissedMetric('x', { value: 1, passed: true })).toBeUndefined();
  });
});

/** Validates the `metrics:` of a real prompt.yaml text, locating lines as the loader does. */
async function validate(yaml: string) {
  const parsed = await parseYamlText(yaml, 'prompts/support/v1/prompt.yaml');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  const value = (parsed.parsed.value as { metrics?: unknown }).metrics;
  return validateMetrics(value, {
    file: 'prompts/support/v1/prompt.yaml',
    locate: (pointer, key) => lineAt(parsed.parsed, pointer, key),
  });
}

describe('validateMetrics', () => {
  it("accepts the design's example block", async () => {
    const { definitions, diagnostics } = await validate(`model: gpt-4o-mini
metrics:
  escalation_rate: { rate_of: escalate, max: 0.10 }
  avg_confidence:  { mean_of: confidence, min: 0.8 }
  p95_latency_ms:  { max: 2000 }
  cost_per_query_usd: { max: 0.01 }
  error_rate: { max: 0.02 }
`);
    expect(diagnostics).toEqual([]);
    expect(definitions).toEqual([
      { name: 'escalation_rate', kind: 'rate_of', field: 'escalate', max: 0.1 },
      { name: 'avg_confidence', kind: 'mean_of', field: 'confidence', min: 0.8 },
      { name: 'p95_latency_ms', kind: 'built-in', max: 2000 },
      { name: 'cost_per_query_usd', kind: 'built-in', max: 0.01 },
      { name: 'error_rate', kind: 'built-in', max: 0.02 },
    ]);
  });

  it('reports an unknown key as an error naming the key and its line, and keeps the other metrics', async () => {
    const { definitions, diagnostics } = await validate(`metrics:
  escalation_rate:
    rate_of: escalate
    mx: 0.10
  avg_confidence: { mean_of: confidence, min: 0.8 }
`);
    expect(diagnostics).toEqual([
      {
        file: 'prompts/support/v1/prompt.yaml',
        line: 4,
        field: 'metrics.escalation_rate.mx',
        message: 'unknown key "mx"; expected rate_of, mean_of, min, max',
      },
    ]);
    expect(definitions.map((d) => d.name)).toEqual(['avg_confidence']);
  });

  it('points a misspelt built-in at the list of built-ins', async () => {
    const { diagnostics } = await validate(`metrics:\n  p95_latency: { max: 2000 }\n`);
    expect(diagnostics).toEqual([
      {
        file: 'prompts/support/v1/prompt.yaml',
        line: 2,
        field: 'metrics.p95_latency',
        message: expect.stringContaining('the built-in metrics are p95_latency_ms, cost_per_query_usd, error_rate'),
      },
    ]);
  });

  it.each([
    [
      'p95_latency_ms: { rate_of: latency, max: 1 }',
      'metrics.p95_latency_ms.rate_of',
      'p95_latency_ms is built in and takes only min and max',
    ],
    ['both: { rate_of: a, mean_of: b }', 'metrics.both', 'takes rate_of or mean_of, not both'],
    ['bad_path: { rate_of: "a..b" }', 'metrics.bad_path.rate_of', 'must name an output field, such as escalate or result.confidence'],
    ['no_field: { rate_of: 3 }', 'metrics.no_field.rate_of', 'must name an output field, such as escalate or result.confidence'],
    ['percent: { rate_of: escalate, max: 10 }', 'metrics.percent.max', 'a rate is between 0 and 1 (10% is written 0.10), got 10'],
    ['errors: { max: 1.5 }', 'metrics.errors', expect.stringContaining('needs rate_of')],
    ['error_rate: { max: 1.5 }', 'metrics.error_rate.max', 'a rate is between 0 and 1 (10% is written 0.10), got 1.5'],
    ['text: { mean_of: confidence, min: "0.8" }', 'metrics.text.min', 'must be a number, got "0.8"'],
    ['negative: { max: -1 }', 'metrics.negative', expect.stringContaining('needs rate_of')],
    ['cost_per_query_usd: { max: -1 }', 'metrics.cost_per_query_usd.max', 'must be at least 0, got -1'],
    ['crossed: { mean_of: confidence, min: 0.9, max: 0.8 }', 'metrics.crossed', 'min 0.9 is above max 0.8: no value can meet both'],
    ['"has space": { rate_of: escalate }', 'metrics.has space', expect.stringContaining('a metric name is letters')],
    ['scalar: 0.1', 'metrics.scalar', expect.stringContaining('must be a mapping such as')],
  ])('rejects %s', async (entry, field, message) => {
    const { definitions, diagnostics } = await validate(`metrics:\n  ${entry}\n`);
    expect(diagnostics).toContainEqual({ file: 'prompts/support/v1/prompt.yaml', line: 2, field, message });
    expect(definitions).toEqual([]);
  });

  it('rejects a metrics value that is not a mapping, and accepts an empty one', async () => {
    expect((await validate('metrics: [escalate]\n')).diagnostics).toEqual([
      { file: 'prompts/support/v1/prompt.yaml', line: 1, field: 'metrics', message: expect.stringContaining('must be a mapping') },
    ]);
    expect(await validate('metrics:\n')).toEqual({ definitions: [], diagnostics: [] });
    expect(validateMetrics(undefined, { file: 'p.yaml' })).toEqual({ definitions: [], diagnostics: [] });
  });
});
