import type { Json } from '../json/json.js';
import type { ChatMessage, FinishReason, ProviderName, ToolCall } from '../providers/types.js';
import type { Lockfile, Variant } from './lockfile.js';
import type { ServedFrom } from './prepared.js';
import type { RefreshOptions } from './refresh.js';
import type { TelemetryOptions } from './telemetry.js';

/**
 * The prompts an app's bundle holds, by id: `promptgate types` writes a declaration file that
 * adds one member per prompt (`{ variables: {...}; output: ... }`), so `execute` checks the
 * variable names and types the output. Without it, any id, any variables, an untyped output.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PromptRegistry {}

type Registered = keyof PromptRegistry;
/** A template variable's value; numbers and booleans are sent as text, as prompt.yaml's are. */
export type VariableValue = string | number | boolean;

export type PromptId = [Registered] extends [never] ? string : Registered;
export type PromptVariables<Id> = Id extends Registered
  ? PromptRegistry[Id] extends { variables: infer V }
    ? V
    : Record<string, VariableValue>
  : Record<string, VariableValue>;
export type PromptOutput<Id> = Id extends Registered ? (PromptRegistry[Id] extends { output: infer O } ? O : Json) : Json;

interface ExecuteBase {
  /** The user's message, sent as written (never rendered as a template). */
  input: string;
  /** Prior turns, sent after the few-shot examples and before `input`. */
  messages?: ChatMessage[];
  /** A stable id (a user or account id): the same key always gets the same variant. No key: production. */
  key?: string;
  signal?: AbortSignal;
}

/** `vars` is required exactly when the prompt has a placeholder without a default. */
export type ExecuteInput<Id = string> = ExecuteBase &
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  ({} extends PromptVariables<Id> ? { vars?: PromptVariables<Id> } : { vars: PromptVariables<Id> });

export interface ExecuteUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
}

export interface ExecuteResult<Output = Json> {
  /** The answer's JSON, checked against schema.json; the text when the prompt has no schema. */
  output: Output;
  /** The model's raw answer. */
  text: string;
  id: string;
  version: string;
  variant: Variant;
  commit: string;
  provider: ProviderName;
  /** The model asked for, and the model the provider says answered. */
  model: string;
  servedModel: string;
  usage: ExecuteUsage;
  /** null when the model's price is unknown (add it to promptgate.yaml `pricing`). */
  costUsd: number | null;
  latencyMs: number;
  finishReason: FinishReason | undefined;
  toolCalls?: ToolCall[];
  /** Which copy of the prompt served the call. */
  source: ServedFrom;
  /** The answer came from the bundle's recordings (`responses: 'replay'`). */
  replayed: boolean;
}

export interface PromptEngineOptions {
  /** The lockfile `promptgate bundle` wrote: its path, or its parsed content. */
  bundle: string | Lockfile | object;
  telemetry?: TelemetryOptions;
  /** `live` (default) calls the providers; `replay` answers from the bundle's recordings (`--with-recordings`). */
  responses?: 'live' | 'replay';
  /** Provider keys and endpoints (OPENAI_API_KEY, OPENAI_BASE_URL, …); default process.env. */
  env?: Record<string, string | undefined>;
  /** Follow the alias tags on GitHub without a redeploy (off by default). */
  refresh?: RefreshOptions;
  /** Per provider call, the whole call; default 60 s. */
  timeoutMs?: number;
  /** Retries of retryable provider failures (429, 5xx, timeouts), as the CLI makes them. */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Told about what does not fail a call: a telemetry write, a refresh that could not reach GitHub. */
  onWarning?: (message: string) => void;
}

export interface PromptEngine {
  execute<Id extends PromptId>(id: Id, input: ExecuteInput<Id>): Promise<ExecuteResult<PromptOutput<Id>>>;
  /** The ids the engine serves, and the version and source of each variant. */
  prompts(): Array<{ id: string; production?: string; canary?: string; canaryWeight: number; source: ServedFrom }>;
  /** Checks the alias tags now (with `refresh`); resolves when done. */
  refresh(): Promise<void>;
  /** Writes pending telemetry without closing. */
  flush(): Promise<void>;
  /** Stops refreshing and flushes telemetry. */
  close(): Promise<void>;
}
