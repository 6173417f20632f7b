import type { AttributeFilter, AttributeValue, OtlpSpan } from './otlp-span.js';

/*
 * One execution of a prompt, as its span tells it (docs/runtime.md, "Telemetry"): the
 * OpenTelemetry GenAI attributes and promptgate's own. Spans without gen_ai.prompt.name and
 * gen_ai.prompt.version are not promptgate executions (a collector's export holds every span
 * of the app) and are left out.
 */

export const OUTPUT_PREFIX = 'promptgate.output.';

/** The attributes executionOf reads: the reader skips the others without building them. */
export const EXECUTION_ATTRIBUTES: AttributeFilter = {
  keys: [
    'gen_ai.prompt.name',
    'gen_ai.prompt.version',
    'promptgate.variant',
    'promptgate.commit',
    'error.type',
    'promptgate.schema_valid',
    'promptgate.cost_usd',
  ],
  prefixes: [OUTPUT_PREFIX],
};

export interface Execution {
  prompt: string;
  version: string;
  /** `production` or `canary` (promptgate.variant); production when the span does not say. */
  variant: string;
  commit: string | undefined;
  traceId: string;
  endMs: number;
  latencyMs: number;
  /** error.type: a provider error kind (`timeout`, `rate-limit`, …) or `output.<problem>`. */
  errorType: string | undefined;
  /** promptgate.schema_valid, when the prompt has a schema. */
  schemaValid: boolean | undefined;
  /** The span's status is ERROR. */
  statusError: boolean;
  /** promptgate.cost_usd; undefined when the price is unknown or there was no answer. */
  costUsd: number | undefined;
  /** promptgate.output.<field> values, by field. */
  outputs: Record<string, AttributeValue> | undefined;
}

/** Failed: no answer (a provider error), an answer the runtime refused, a schema failure, or an error status. */
export function failed(execution: Execution): boolean {
  return execution.errorType !== undefined || execution.schemaValid === false || execution.statusError;
}

/** The model answered (even if the answer then failed its schema): its latency and cost are real. */
export function answered(execution: Execution): boolean {
  return execution.errorType === undefined || execution.errorType.startsWith('output.');
}

export function executionOf(span: OtlpSpan): Execution | undefined {
  const attributes = span.attributes;
  const prompt = attributes['gen_ai.prompt.name'];
  const version = attributes['gen_ai.prompt.version'];
  if (typeof prompt !== 'string' || typeof version !== 'string') return undefined;
  let outputs: Record<string, AttributeValue> | undefined;
  for (const key in attributes) {
    if (key.startsWith(OUTPUT_PREFIX)) (outputs ??= {})[key.slice(OUTPUT_PREFIX.length)] = attributes[key]!;
  }
  const variant = attributes['promptgate.variant'];
  const commit = attributes['promptgate.commit'];
  const errorType = attributes['error.type'];
  const schemaValid = attributes['promptgate.schema_valid'];
  const cost = attributes['promptgate.cost_usd'];
  return {
    prompt,
    version,
    variant: typeof variant === 'string' && variant !== '' ? variant : 'production',
    commit: typeof commit === 'string' ? commit : undefined,
    traceId: span.traceId,
    endMs: span.endMs,
    latencyMs: Math.max(0, span.endMs - span.startMs),
    errorType: typeof errorType === 'string' && errorType !== '' ? errorType : undefined,
    schemaValid: typeof schemaValid === 'boolean' ? schemaValid : undefined,
    statusError: span.statusError,
    costUsd: typeof cost === 'number' && Number.isFinite(cost) ? cost : undefined,
    outputs,
  };
}
