import { parseOutputJson } from '../json/output-json.js';
import { parsePath, valueAt } from '../json/field-path.js';
import type { ChatMessage } from '../providers/types.js';
import { executionOf, failed, type Execution } from '../monitor/execution.js';
import type { AttributeValue, OtlpSpan } from '../monitor/otlp-read.js';
import type { FieldReader, Literal } from './where.js';

/*
 * A production execution as harvest sees it: the monitor's execution, plus what the span holds
 * only when the app opted in (docs/runtime.md, "Telemetry"): the conversation
 * (`telemetry.record.content: true` writes gen_ai.input.messages and gen_ai.output.messages)
 * and the variables named in `telemetry.record.variables` (promptgate.variable.<name>).
 */

export interface ProductionCase {
  execution: Execution;
  /** The conversation after the system prompt: few-shot examples, prior turns, the input last. */
  turns?: ChatMessage[];
  /** The answer's text and why it stopped, when content was recorded and the model answered. */
  answer?: { text: string; finishReason?: string };
  variables: Record<string, string>;
  provider?: string;
  model?: string;
  servedModel?: string;
  inputTokens?: number;
  outputTokens?: number;
}

const VARIABLE_PREFIX = 'promptgate.variable.';

/** The GenAI conventions' provider names, back to promptgate's. */
const PROVIDERS: Record<string, string> = { openai: 'openai', anthropic: 'anthropic', 'azure.ai.openai': 'azure' };

export function productionCase(span: OtlpSpan): ProductionCase | undefined {
  const execution = executionOf(span);
  if (!execution) return undefined;
  const attributes = span.attributes;
  const variables: Record<string, string> = {};
  for (const key in attributes) {
    const value = attributes[key];
    if (key.startsWith(VARIABLE_PREFIX) && typeof value === 'string') variables[key.slice(VARIABLE_PREFIX.length)] = value;
  }
  const turns = messagesOf(attributes['gen_ai.input.messages']);
  const output = messagesOf(attributes['gen_ai.output.messages'], true);
  const answer = output?.at(-1);
  const provider = attributes['gen_ai.provider.name'];
  const text = (value: AttributeValue | undefined) => (typeof value === 'string' ? value : undefined);
  const count = (value: AttributeValue | undefined) => (typeof value === 'number' ? value : undefined);
  return {
    execution,
    ...(turns ? { turns } : {}),
    ...(answer ? { answer: { text: answer.content, ...(answer.finishReason ? { finishReason: answer.finishReason } : {}) } } : {}),
    variables,
    ...(typeof provider === 'string' ? { provider: PROVIDERS[provider] ?? provider } : {}),
    ...(text(attributes['gen_ai.request.model']) ? { model: text(attributes['gen_ai.request.model'])! } : {}),
    ...(text(attributes['gen_ai.response.model']) ? { servedModel: text(attributes['gen_ai.response.model'])! } : {}),
    ...(count(attributes['gen_ai.usage.input_tokens']) !== undefined
      ? { inputTokens: count(attributes['gen_ai.usage.input_tokens'])! }
      : {}),
    ...(count(attributes['gen_ai.usage.output_tokens']) !== undefined
      ? { outputTokens: count(attributes['gen_ai.usage.output_tokens'])! }
      : {}),
  };
}

/** GenAI messages JSON (`[{ role, parts: [{ type: 'text', content }] }]`) as chat turns; undefined when absent or not that. */
function messagesOf(value: AttributeValue | undefined, withFinish = false): Array<ChatMessage & { finishReason?: string }> | undefined {
  if (typeof value !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const turns: Array<ChatMessage & { finishReason?: string }> = [];
  for (const message of parsed as Array<{ role?: unknown; parts?: unknown; finish_reason?: unknown }>) {
    if (message?.role !== 'user' && message?.role !== 'assistant') return undefined;
    const parts = Array.isArray(message.parts) ? (message.parts as Array<{ type?: unknown; content?: unknown }>) : [];
    const content = parts
      .filter((part) => part?.type === 'text' && typeof part.content === 'string')
      .map((part) => part.content as string)
      .join('');
    turns.push({
      role: message.role,
      content,
      ...(withFinish && typeof message.finish_reason === 'string' ? { finishReason: message.finish_reason } : {}),
    });
  }
  return turns;
}

/**
 * The fields `--where` reads: error (the execution failed), error.type, version, variant,
 * latency_ms, cost_usd, schema_valid, and any output field (`confidence`, `result.score`;
 * `output.<field>` when a field is named like one of the others): promptgate.output.<field>
 * when the span has it, else the field of the recorded answer's JSON.
 */
export function fieldsOf(production: ProductionCase): FieldReader {
  const { execution } = production;
  let answerJson: unknown;
  return (field) => {
    switch (field) {
      case 'error':
        return failed(execution);
      case 'error.type':
        return execution.errorType ?? null;
      case 'version':
        return execution.version;
      case 'variant':
        return execution.variant;
      case 'latency_ms':
        return execution.latencyMs;
      case 'cost_usd':
        return execution.costUsd;
      case 'schema_valid':
        return execution.schemaValid;
    }
    const name = field.startsWith('output.') ? field.slice('output.'.length) : field;
    const attribute = execution.outputs?.[name];
    if (attribute !== undefined) return scalar(attribute);
    if (!production.answer) return undefined;
    if (answerJson === undefined) {
      const parsed = parseOutputJson(production.answer.text);
      answerJson = parsed.ok ? parsed.value : null;
    }
    const path = parsePath(name);
    if (!path || answerJson === null) return undefined;
    return scalar(valueAt(answerJson as never, path) as AttributeValue | undefined);
  };
}

function scalar(value: AttributeValue | undefined): Literal | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}
