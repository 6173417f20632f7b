/**
 * Production spans written by the OpenTelemetry SDK itself, for the soak and detection tests:
 * a TracerProvider whose exporter serializes each batch with the SDK's own OTLP JSON serializer
 * (@opentelemetry/otlp-transformer) and appends it as one line, as a collector's file exporter
 * would. The attributes are the ones the runtime sets (docs/runtime.md, "Telemetry"); what
 * happens in each execution is drawn from a seeded generator, so every run is the same.
 */
import { appendFileSync } from 'node:fs';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';

/** Mulberry32: a small, fast, seeded generator (uniform in [0, 1)). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A log-normal latency (ms) with the given median: production latencies are skewed. */
export function latency(random: () => number, medianMs: number, sigma = 0.35): number {
  const u = Math.max(random(), 1e-12);
  const v = random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return medianMs * Math.exp(sigma * normal);
}

/** How one variant behaves: its failure and escalation rates, its median latency. */
export interface Behaviour {
  version: string;
  commit: string;
  variant: 'production' | 'canary';
  errorRate: number;
  escalationRate: number;
  medianLatencyMs: number;
}

/** Appends each exported batch to `file` as one ExportTraceServiceRequest line. */
class JsonLinesExporter implements SpanExporter {
  constructor(private readonly file: string) {}
  export(spans: ReadableSpan[], done: (result: { code: number }) => void): void {
    const bytes = JsonTraceSerializer.serializeRequest(spans);
    appendFileSync(this.file, `${new TextDecoder().decode(bytes)}\n`);
    done({ code: 0 }); // ExportResultCode.SUCCESS
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A batch of spans in memory, exported as one line on flush(). */
export function spanWriter(file: string) {
  const pending: ReadableSpan[] = [];
  const exporter = new JsonLinesExporter(file);
  const provider = new TracerProvider({
    spanProcessors: [
      {
        onStart: () => undefined,
        onEnd: (span: ReadableSpan) => void pending.push(span),
        forceFlush: () => Promise.resolve(),
        shutdown: () => Promise.resolve(),
      },
    ],
  });
  const tracer = provider.getTracer('promptgate', '0.1.0');
  let clock = Date.now() - 60 * 60 * 1000;
  return {
    /** One execution, as the runtime would trace it, ending `stepMs` after the previous one. */
    execute(random: () => number, behaviour: Behaviour, stepMs = 100): void {
      clock += stepMs;
      const ms = latency(random, behaviour.medianLatencyMs);
      const span = tracer.startSpan('chat gpt-4o-mini', {
        kind: SpanKind.CLIENT,
        startTime: new Date(clock - ms),
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o-mini',
          'gen_ai.prompt.name': 'support',
          'gen_ai.prompt.version': behaviour.version,
          'promptgate.variant': behaviour.variant,
          'promptgate.commit': behaviour.commit,
          'promptgate.served_from': 'bundle',
        },
      });
      if (random() < behaviour.errorRate) {
        span.setAttributes({ 'error.type': 'output.schema', 'promptgate.schema_valid': false, 'gen_ai.usage.output_tokens': 30 });
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'the answer does not match schema.json' });
      } else {
        const escalate = random() < behaviour.escalationRate;
        span.setAttributes({
          'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
          'gen_ai.response.finish_reasons': ['stop'],
          'gen_ai.usage.input_tokens': 220,
          'gen_ai.usage.output_tokens': 30,
          'promptgate.cost_usd': 0.0000513,
          'promptgate.schema_valid': true,
          'promptgate.output.escalate': escalate,
          'promptgate.output.confidence': escalate ? 0.9 : 0.8,
        });
      }
      span.end(new Date(clock));
    },
    /** Writes what is pending as one line (the SDK's batch). */
    flush(): void {
      if (pending.length === 0) return;
      exporter.export(pending.splice(0), () => undefined);
    },
  };
}
