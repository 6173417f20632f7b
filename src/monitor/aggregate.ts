import { answered, failed, type Execution } from './execution.js';
import type { Moments } from './intervals.js';

/*
 * The running totals of one prompt × version × variant over the window, updated one execution
 * at a time: counts and sums, and the answered latencies (8 bytes each; the p95 and its
 * interval need the values themselves). A million executions are a few dozen MB at most.
 */

/** A boolean or numeric output field, counted both ways: its metric says which it is. */
export interface FieldTotals {
  /** Answers where the field was a boolean, and how many were true. */
  booleans: number;
  trues: number;
  /** Answers where it was a finite number. */
  numbers: Moments;
}

export interface GroupTotals {
  prompt: string;
  version: string;
  variant: string;
  /** The commits the spans name (one, unless a version was re-tagged). */
  commits: Set<string>;
  executions: number;
  failures: number;
  /** Failures by error.type (`schema` for a schema failure without one). */
  failureTypes: Map<string, number>;
  answered: number;
  latencies: Latencies;
  /** promptgate.cost_usd of answered executions that had a price. */
  cost: Moments;
  fields: Map<string, FieldTotals>;
  firstMs: number;
  lastMs: number;
}

/** A growable array of doubles. */
export class Latencies {
  private values = new Float64Array(256);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  /** Sorted ascending (a copy; the totals stay as they are). */
  sorted(): Float64Array {
    return this.values.slice(0, this.length).sort();
  }
}

export const emptyMoments = (): Moments => ({ n: 0, sum: 0, sumSquares: 0 });

const emptyField = (): FieldTotals => ({ booleans: 0, trues: 0, numbers: emptyMoments() });

/** A group with nothing counted yet: one place that lists every total. */
function emptyTotals(prompt: string, version: string, variant: string, firstMs: number, lastMs: number): GroupTotals {
  return {
    prompt,
    version,
    variant,
    commits: new Set(),
    executions: 0,
    failures: 0,
    failureTypes: new Map(),
    answered: 0,
    latencies: new Latencies(),
    cost: emptyMoments(),
    fields: new Map(),
    firstMs,
    lastMs,
  };
}

function addTo(moments: Moments, value: number): void {
  moments.n += 1;
  moments.sum += value;
  moments.sumSquares += value * value;
}

export function groupKey(prompt: string, version: string, variant: string): string {
  return `${prompt}\u0000${version}\u0000${variant}`;
}

export class Aggregator {
  readonly groups = new Map<string, GroupTotals>();
  /** Executions inside the window, and outside it (skipped). */
  counted = 0;
  outside = 0;

  constructor(private readonly window: { fromMs: number; toMs: number }) {}

  add(execution: Execution): void {
    if (execution.endMs < this.window.fromMs || execution.endMs > this.window.toMs) {
      this.outside += 1;
      return;
    }
    this.counted += 1;
    const key = groupKey(execution.prompt, execution.version, execution.variant);
    let group = this.groups.get(key);
    if (!group) {
      group = emptyTotals(execution.prompt, execution.version, execution.variant, execution.endMs, execution.endMs);
      this.groups.set(key, group);
    }
    group.executions += 1;
    if (execution.commit) group.commits.add(execution.commit);
    if (execution.endMs < group.firstMs) group.firstMs = execution.endMs;
    if (execution.endMs > group.lastMs) group.lastMs = execution.endMs;
    if (failed(execution)) {
      group.failures += 1;
      const type = execution.errorType ?? (execution.schemaValid === false ? 'output.schema' : 'error');
      group.failureTypes.set(type, (group.failureTypes.get(type) ?? 0) + 1);
    }
    if (!answered(execution)) return;
    group.answered += 1;
    group.latencies.push(execution.latencyMs);
    if (execution.costUsd !== undefined) addTo(group.cost, execution.costUsd);
    const outputs = execution.outputs;
    if (!outputs) return;
    for (const field in outputs) {
      const value = outputs[field];
      let totals = group.fields.get(field);
      if (!totals) {
        totals = emptyField();
        group.fields.set(field, totals);
      }
      if (typeof value === 'boolean') {
        totals.booleans += 1;
        if (value) totals.trues += 1;
      } else if (typeof value === 'number' && Number.isFinite(value)) {
        addTo(totals.numbers, value);
      }
    }
  }
}

/** Two groups' totals as one (a version's production and canary executions, judged together). */
export function mergeTotals(groups: readonly GroupTotals[]): GroupTotals | undefined {
  if (groups.length <= 1) return groups[0];
  const first = groups[0]!;
  const merged = emptyTotals(
    first.prompt,
    first.version,
    groups.map((group) => group.variant).join('+'),
    Math.min(...groups.map((group) => group.firstMs)),
    Math.max(...groups.map((group) => group.lastMs)),
  );
  for (const group of groups) {
    for (const commit of group.commits) merged.commits.add(commit);
    merged.executions += group.executions;
    merged.failures += group.failures;
    merged.answered += group.answered;
    for (const [type, count] of group.failureTypes) merged.failureTypes.set(type, (merged.failureTypes.get(type) ?? 0) + count);
    for (const value of group.latencies.sorted()) merged.latencies.push(value);
    addMoments(merged.cost, group.cost);
    for (const [field, totals] of group.fields) {
      const into = merged.fields.get(field) ?? emptyField();
      into.booleans += totals.booleans;
      into.trues += totals.trues;
      addMoments(into.numbers, totals.numbers);
      merged.fields.set(field, into);
    }
  }
  return merged;
}

function addMoments(into: Moments, from: Moments): void {
  into.n += from.n;
  into.sum += from.sum;
  into.sumSquares += from.sumSquares;
}
