import { type CallCount } from './call-count.js';

/**
 * The providers promptgate knows by name. bedrock and vertex are Claude through Anthropic's
 * Bedrock and Vertex SDKs (the Messages API on AWS and Google Cloud).
 */
export const BUILTIN_PROVIDERS = ['openai', 'anthropic', 'azure', 'bedrock', 'vertex'] as const;
export type BuiltinProvider = (typeof BUILTIN_PROVIDERS)[number];

/** A built-in provider, or the name of an OpenAI-compatible endpoint of promptgate.yaml `endpoints:`. */
export type ProviderName = string;

/** The built-in providers that speak Anthropic's Messages API (thinking_budget, not reasoning_effort). */
export const CLAUDE_PROVIDERS: readonly BuiltinProvider[] = ['anthropic', 'bedrock', 'vertex'];

/** The Messages API requires max_tokens; this is used when the prompt does not set one. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;

export function isBuiltinProvider(name: string): name is BuiltinProvider {
  return (BUILTIN_PROVIDERS as readonly string[]).includes(name);
}

/** One tool definition format (prompt.yaml `tools:`); each adapter sends it in its own wire format. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

/** A tool call in the answer; `arguments` is the parsed JSON, or the raw text when it is not JSON. */
export interface ToolCall {
  name: string;
  arguments: unknown;
  /**
   * The call's id in a conversation sent to a provider (tool-messages.ts): promptgate's own,
   * deterministic, so a recording key never holds a provider's random id. Absent in answers.
   */
  id?: string;
}

/**
 * Why the model stopped, in one vocabulary for every provider (finish-reason.ts maps the
 * providers' own words): `length` is cut off at max_tokens, `context_window` cut off because the
 * conversation filled the model's context window (Anthropic `model_context_window_exceeded`),
 * `pause_turn` a server-side tool loop paused before its answer (Anthropic), `refusal` declined
 * to answer.
 */
export const FINISH_REASONS = [
  'stop',
  'length',
  'context_window',
  'pause_turn',
  'refusal',
  'tool_calls',
  'content_filter',
  'other',
] as const;
export type FinishReason = (typeof FINISH_REASONS)[number];

/**
 * One turn, provider-neutral. An assistant turn may call tools (`toolCalls`, each with its
 * `id`); a `tool` turn is the result of one call (`toolCallId`, the tool's `name`, the result
 * as text). Each adapter sends them in its own wire shape (tool-messages.ts).
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** assistant: the tools this turn called. */
  toolCalls?: ToolCall[];
  /** tool: the id of the call this result answers. */
  toolCallId?: string;
  /** tool: the name of the tool that answered. */
  name?: string;
}

/** A provider-neutral request; the recording key is a hash of exactly these fields. */
export interface ModelRequest {
  /**
   * `embedding`: embed each message's text (embeddings.ts), for the `similar` check; the
   * response's `embeddings` hold one vector per message. Absent: a chat completion.
   */
  kind?: 'embedding';
  provider: ProviderName;
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Nucleus sampling (`top_p`). */
  topP?: number;
  /** OpenAI-wire `reasoning_effort` (none | minimal | low | medium | high | xhigh | max). */
  reasoningEffort?: string;
  /** Anthropic extended thinking: `thinking: { type: enabled, budget_tokens }`. */
  thinkingBudget?: number;
  /** When set, ask the provider for JSON output matching this schema (structured output). */
  jsonSchema?: Record<string, unknown>;
  tools?: ToolDefinition[];
}

/**
 * Token usage, normalised across providers. `inputTokens` counts every input token the
 * request was billed for, cached or not: OpenAI's prompt_tokens already includes its cached
 * tokens, while Anthropic reports input_tokens, cache reads and cache writes apart, so they
 * are summed. `cachedInputTokens` and `cacheWriteTokens` are subsets of `inputTokens`.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  /** Of the cache writes, those with the 1-hour TTL (Anthropic prices them higher); absent is 0. */
  cacheWrite1hTokens?: number;
  /**
   * Of the output tokens, those the model spent reasoning (OpenAI `reasoning_tokens`, Anthropic
   * `thinking_tokens`); billed as output. Absent when the provider reported none.
   */
  reasoningTokens?: number;
  /**
   * The server reported no usage (`usage` missing or null, as some OpenAI-compatible servers
   * answer): the counts above are 0 because nothing was counted, and the cost is unknown.
   */
  unreported?: true;
}

export interface ModelResponse {
  text: string;
  /** The model that actually answered (providers may return a dated snapshot name). */
  model: string;
  usage: Usage;
  latencyMs: number;
  finishReason?: FinishReason;
  /** Present when the model called tools. */
  toolCalls?: ToolCall[];
  /** An `embedding` request's vectors, one per text, in order. */
  embeddings?: number[][];
}

export interface Provider {
  readonly name: ProviderName;
  complete(request: ModelRequest, options?: { signal?: AbortSignal }): Promise<ModelResponse>;
}

/** Why a call produced no answer to judge. Kinds that cannot succeed on retry are not retried. */
export type ProviderErrorKind =
  | 'auth' // 401/403: wrong or missing key
  | 'bad-request' // 400/404/422: the request itself is wrong
  | 'quota' // spend limit / insufficient_quota: retrying cannot help
  | 'rate-limit' // 429
  | 'server' // 5xx
  | 'overloaded' // Anthropic 529
  | 'timeout'
  | 'network' // connection refused / reset
  | 'broken-response' // unparsable or incomplete body
  | 'missing-recording' // replay mode, nothing recorded for this request
  | 'no-credentials' // live call needed, no API key in the environment
  | 'cancelled'; // the run was cancelled before the call could start

export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly status?: number;
  readonly retryable: boolean;
  /** How long the provider asked us to wait before retrying (retry-after-ms / retry-after). */
  readonly retryAfterMs?: number;
  constructor(kind: ProviderErrorKind, message: string, options: { status?: number; retryable?: boolean; retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'ProviderError';
    this.kind = kind;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A response and where it came from: a live call or a recording. */
export type SourcedResponse = ModelResponse & { source: AnswerOrigin };

/** Where an answer came from: a live call, recordings.json, or the answer cache. */
export type AnswerOrigin = 'live' | 'replay' | 'cache';

/** What one request is, besides its content: for recordings and messages. */
export interface RequestContext {
  folderPath: string;
  testName: string;
  repeatIndex: number;
  /**
   * Awaited before a provider is called for this request, never for an answer from
   * recordings: the runner takes the test's slot on the provider limiter then (runner.ts).
   */
  beforeCall?(): Promise<void>;
  /** A rubric's judge call, counted apart from the prompt's own (results.json `calls.judge`). */
  purpose?: 'prompt' | 'judge';
}

/**
 * Where the runner gets answers: recordings, live providers, or both (answer-source.ts builds
 * it from the response mode). It answers, or throws a ProviderError that says what to do.
 */
export interface AnswerSource {
  respond(request: ModelRequest, context: RequestContext): Promise<SourcedResponse>;
  /**
   * Writes the recordings this run changed (record and auto modes; prune); returns the paths
   * written. Only the folders `prunable` allows lose the answers the run did not ask for: not
   * a cancelled run's, nor a folder with a test that could not load (what the run did not
   * reach is not stale).
   */
  save(prunable?: (folderPath: string) => boolean): Promise<string[]>;
  /** How its requests were answered so far, the prompt's and the judge's apart. */
  calls(): { prompt: CallCount; judge: CallCount };
  /** Per recordings file of the `prunable` folders this run read: what it holds that the run did not ask for. */
  staleness(prunable?: (folderPath: string) => boolean): Promise<StaleRecordings[]>;
}

/** Recorded answers no request of the run asked for, in one recordings file. */
export interface StaleRecordings {
  path: string;
  /** Requests no test makes any more (a test removed, or its prompt, model or settings changed). */
  requests: number;
  /** The answers recorded for those requests. */
  requestAnswers: number;
  /** Runs recorded beyond those the run asked for (a repeat count lowered). */
  extraRuns: number;
}
