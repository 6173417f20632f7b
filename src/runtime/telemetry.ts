import { context, isSpanContextValid, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { valueAt } from '../json/field-path.js';
import type { Json } from '../json/json.js';
import { redactor } from '../lib/secrets.js';
import { VERSION } from '../lib/version.js';
import type { ModelRequest, ProviderName } from '../providers/types.js';
import { nowUnixNano, OtlpFileSink, otlpAttributes, randomHex, type Attributes } from './otlp-file.js';
import type { PreparedVersion } from './prepared.js';

/** `telemetry` of createPromptEngine: where spans go, and what they may hold. */
export interface TelemetryOptions {
  /** OTLP JSON Lines file, written when no OpenTelemetry SDK is registered (and no `tracer` given). */
  file?: string;
  /** Spans go to this tracer instead of the global one (`trace.getTracer`). */
  tracer?: Tracer;
  /** Off by default (personal data): the messages and answer, and the values of the variables named here. */
  record?: { content?: boolean; variables?: string[] };
  /** `service.name` of the file's resource; default OTEL_SERVICE_NAME, else `unknown_service:node`. */
  serviceName?: string;
}

/** How a call ended, as the span tells it. */
export interface CallOutcome {
  servedModel?: string;
  finishReason?: string;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number | null;
  /** Set when the prompt has a schema: whether the answer met it. */
  schemaValid?: boolean;
  output?: Json;
  text?: string;
  /** `error.type`, and the message (redacted) for the span status. */
  error?: { type: string; message: string };
}

export interface CallSpan {
  end(outcome: CallOutcome): void;
}

/** GenAI semantic conventions' provider names. */
const PROVIDER_NAMES: Record<ProviderName, string> = { openai: 'openai', anthropic: 'anthropic', azure: 'azure.ai.openai' };

export class Telemetry {
  private readonly tracer: Tracer;
  private readonly sink: OtlpFileSink | undefined;
  private readonly redact: (text: string) => string;
  private readonly variables: readonly string[];
  private readonly content: boolean;

  constructor(
    options: TelemetryOptions,
    env: Record<string, string | undefined>,
    secrets: readonly string[],
    onError: (error: unknown) => void,
  ) {
    this.tracer = options.tracer ?? trace.getTracer('promptgate', VERSION);
    this.redact = redactor(secrets);
    this.variables = options.record?.variables ?? [];
    this.content = options.record?.content === true;
    if (options.file) {
      const resource = {
        'service.name': options.serviceName ?? env.OTEL_SERVICE_NAME ?? 'unknown_service:node',
        'telemetry.sdk.name': 'promptgate',
        'telemetry.sdk.language': 'nodejs',
        'telemetry.sdk.version': VERSION,
      };
      this.sink = new OtlpFileSink(options.file, resource, { name: 'promptgate', version: VERSION }, onError);
    }
  }

  /** Starts the call's span: the SDK's when one is registered, else the file's, else none. */
  start(version: PreparedVersion, request: ModelRequest, vars: Record<string, string> | undefined): CallSpan {
    const { locked } = version;
    const attributes: Attributes = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': PROVIDER_NAMES[request.provider],
      'gen_ai.request.model': request.model,
      'gen_ai.request.temperature': request.temperature,
      'gen_ai.request.max_tokens': request.maxTokens,
      'gen_ai.output.type': request.jsonSchema ? 'json' : 'text',
      'gen_ai.prompt.name': locked.id,
      'gen_ai.prompt.version': locked.version,
      'promptgate.variant': version.variant,
      'promptgate.commit': locked.commit,
      'promptgate.served_from': version.servedFrom,
    };
    for (const name of this.variables) {
      if (vars && Object.hasOwn(vars, name)) attributes[`promptgate.variable.${name}`] = this.redact(vars[name]!);
    }
    if (this.content) {
      const system = request.messages.filter((message) => message.role === 'system').map((message) => message.content);
      const turns = request.messages.filter((message) => message.role !== 'system');
      attributes['gen_ai.system_instructions'] = this.redact(JSON.stringify(system.map((text) => ({ type: 'text', content: text }))));
      attributes['gen_ai.input.messages'] = this.redact(
        JSON.stringify(turns.map((turn) => ({ role: turn.role, parts: [{ type: 'text', content: turn.content }] }))),
      );
    }
    const name = `chat ${request.model}`;
    const span = this.tracer.startSpan(name, { kind: SpanKind.CLIENT }, context.active());
    if (isSpanContextValid(span.spanContext())) return this.sdkSpan(span, attributes, version);
    if (this.sink) return this.fileSpan(name, attributes, version);
    return { end: () => undefined };
  }

  flush(): Promise<void> {
    return this.sink?.flush() ?? Promise.resolve();
  }

  close(): Promise<void> {
    return this.sink?.close() ?? Promise.resolve();
  }

  private sdkSpan(span: Span, attributes: Attributes, version: PreparedVersion): CallSpan {
    return {
      end: (outcome) => {
        const all = this.finish(attributes, outcome, version);
        for (const key of Object.keys(all)) {
          const value = all[key];
          if (value !== undefined) span.setAttribute(key, value);
        }
        if (outcome.error) span.setStatus({ code: SpanStatusCode.ERROR, message: this.redact(outcome.error.message) });
        span.end();
      },
    };
  }

  private fileSpan(name: string, attributes: Attributes, version: PreparedVersion): CallSpan {
    const startTimeUnixNano = nowUnixNano();
    const sink = this.sink!;
    return {
      end: (outcome) => {
        sink.add({
          traceId: randomHex(16),
          spanId: randomHex(8),
          name,
          kind: 3,
          startTimeUnixNano,
          endTimeUnixNano: nowUnixNano(),
          attributes: otlpAttributes(this.finish(attributes, outcome, version)),
          droppedAttributesCount: 0,
          events: [],
          droppedEventsCount: 0,
          status: outcome.error ? { code: 2, message: this.redact(outcome.error.message) } : {},
          links: [],
          droppedLinksCount: 0,
          flags: 257,
        });
      },
    };
  }

  /** The attributes known once the call is over. */
  private finish(attributes: Attributes, outcome: CallOutcome, version: PreparedVersion): Attributes {
    attributes['gen_ai.response.model'] = outcome.servedModel;
    if (outcome.finishReason) attributes['gen_ai.response.finish_reasons'] = [outcome.finishReason];
    attributes['gen_ai.usage.input_tokens'] = outcome.inputTokens;
    attributes['gen_ai.usage.output_tokens'] = outcome.outputTokens;
    if (outcome.costUsd !== null) attributes['promptgate.cost_usd'] = outcome.costUsd;
    attributes['promptgate.schema_valid'] = outcome.schemaValid;
    if (outcome.error) attributes['error.type'] = outcome.error.type;
    if (outcome.output !== undefined) {
      for (const { field, path } of version.outputFields) {
        const value = valueAt(outcome.output, path);
        if (value === undefined || value === null) continue;
        attributes[`promptgate.output.${field}`] =
          typeof value === 'object' ? this.redact(JSON.stringify(value)) : typeof value === 'string' ? this.redact(value) : value;
      }
    }
    if (this.content && outcome.text !== undefined) {
      const message = {
        role: 'assistant',
        parts: [{ type: 'text', content: outcome.text }],
        finish_reason: outcome.finishReason ?? 'stop',
      };
      attributes['gen_ai.output.messages'] = this.redact(JSON.stringify([message]));
    }
    return attributes;
  }
}
