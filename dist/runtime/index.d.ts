import { Tracer } from '@opentelemetry/api';

/** A JSON value: what a model's JSON answer, a test's expected value and a check's actual value are. */
type Json = null | boolean | number | string | Json[] | {
    [key: string]: Json;
};

/** A built-in provider, or the name of an OpenAI-compatible endpoint of promptgate.yaml `endpoints:`. */
type ProviderName = string;
/** One tool definition format (prompt.yaml `tools:`); each adapter sends it in its own wire format. */
interface ToolDefinition {
    name: string;
    description?: string;
    /** JSON Schema of the arguments. */
    parameters: Record<string, unknown>;
}
/** A tool call in the answer; `arguments` is the parsed JSON, or the raw text when it is not JSON. */
interface ToolCall {
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
declare const FINISH_REASONS: readonly ["stop", "length", "context_window", "pause_turn", "refusal", "tool_calls", "content_filter", "other"];
type FinishReason = (typeof FINISH_REASONS)[number];
/**
 * One turn, provider-neutral. An assistant turn may call tools (`toolCalls`, each with its
 * `id`); a `tool` turn is the result of one call (`toolCallId`, the tool's `name`, the result
 * as text). Each adapter sends them in its own wire shape (tool-messages.ts).
 */
interface ChatMessage {
    role: 'system' | 'user' | 'assistant' | 'tool';
    content: string;
    /** assistant: the tools this turn called. */
    toolCalls?: ToolCall[];
    /** tool: the id of the call this result answers. */
    toolCallId?: string;
    /** tool: the name of the tool that answered. */
    name?: string;
}
/**
 * Token usage, normalised across providers. `inputTokens` counts every input token the
 * request was billed for, cached or not: OpenAI's prompt_tokens already includes its cached
 * tokens, while Anthropic reports input_tokens, cache reads and cache writes apart, so they
 * are summed. `cachedInputTokens` and `cacheWriteTokens` are subsets of `inputTokens`.
 */
interface Usage {
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
/** Why a call produced no answer to judge. Kinds that cannot succeed on retry are not retried. */
type ProviderErrorKind = 'auth' | 'bad-request' | 'quota' | 'rate-limit' | 'server' | 'overloaded' | 'timeout' | 'network' | 'broken-response' | 'missing-recording' | 'no-credentials' | 'cancelled';
declare class ProviderError extends Error {
    readonly kind: ProviderErrorKind;
    readonly status?: number;
    readonly retryable: boolean;
    /** How long the provider asked us to wait before retrying (retry-after-ms / retry-after). */
    readonly retryAfterMs?: number;
    constructor(kind: ProviderErrorKind, message: string, options?: {
        status?: number;
        retryable?: boolean;
        retryAfterMs?: number;
    });
}

interface RecordedResponse {
    text: string;
    model: string;
    usage: Usage;
    latencyMs: number;
    /** Stop | length | refusal | tool_calls | content_filter | other (older files: the provider's word). */
    finishReason?: string;
    toolCalls?: ToolCall[];
    /** An embedding request's vectors (the `similar` check), one per text. */
    embeddings?: number[][];
}
interface RecordingEntry {
    /** The test that made the request (informative: the key is the request itself). */
    test: string;
    provider: ProviderName;
    model: string;
    /** The last user message, so a reviewer can see what was asked. */
    input: string;
    /** Index n answers run n of the test (repeat n); a replay asking for a run not recorded is told to record it, never given another run's answer. */
    responses: RecordedResponse[];
}

/**
 * One model's own settings (a `models:` entry's), as request fields. They win over the folder's,
 * and are sent as written even where the model family is known to refuse them.
 */
interface ModelSettings {
    maxTokens?: number;
    temperature?: number;
    topP?: number;
    /** OpenAI-wire `reasoning_effort`. */
    reasoningEffort?: string;
    /** Anthropic-family extended thinking budget (`thinking_budget`, or `thinking: { budget_tokens }`). */
    thinkingBudget?: number;
}
/**
 * prompt.yaml `deploy:`: how an app's runtime serves this version. Only `canary` today; guards
 * (`rollback_on`, `min_samples`) are meant to join it as keys of their own.
 */
interface DeploySettings {
    /** When this version is the canary: the percent of keys (0 to 100) sent to it. */
    canary?: {
        weight: number;
    };
}

/** USD per 1M tokens. */
interface PriceOverride {
    input: number;
    output: number;
    cachedInput?: number;
    cacheWrite?: number;
    cacheWrite1h?: number;
}

declare const LOCKFILE_FORMAT = "promptgate-lock/1";
declare const VARIANTS: readonly ["production", "canary"];
type Variant = (typeof VARIANTS)[number];
/** A version's model settings, merged as the tests ran them (promptgate.yaml, then prompt.yaml). */
interface LockedSettings {
    provider: ProviderName;
    model: string;
    temperature?: number;
    maxTokens?: number;
    tools?: ToolDefinition[];
    /** The called model's own `models:` entry settings (top_p, reasoning_effort, thinking budget), sent as the tests sent them. */
    modelSettings?: ModelSettings;
    /** `structured_output: false`: schema.json checks the answer but is not sent. */
    structuredOutput?: false;
    /** prompt.yaml `variables`: the defaults an app's `vars` override. */
    variables: Record<string, string>;
    /** promptgate.yaml `pricing` at the tagged commit, so costs are those the tests reported. */
    pricing?: Record<string, PriceOverride>;
}
/** A success metric's name, and the output field it reads (`rate_of` / `mean_of`). */
interface LockedMetric {
    name: string;
    kind: 'rate_of' | 'mean_of' | 'built-in';
    field?: string;
}
/** One tagged version of one prompt, everything an app needs to call it. */
interface LockedVersion {
    id: string;
    version: string;
    /** The version's own immutable tag, `prompts/<id>@<version>`. */
    tag: string;
    /** The tag that was resolved: `prompts/<id>@production`, `@canary`, or the version tag when pinned. */
    ref: string;
    /** What `ref` named when it was read (its tag object, or the commit of a lightweight tag). */
    refObject: string;
    commit: string;
    /** The prompt folder, repository-relative. */
    folder: string;
    system: {
        file: string;
        template: string;
    };
    examples: ChatMessage[];
    /** schema.json, in its own key order (providers generate JSON in the order of `properties`). */
    schema?: Record<string, unknown>;
    settings: LockedSettings;
    metrics?: LockedMetric[];
    deploy?: DeploySettings;
    /** `--with-recordings`: the folder's recordings.json answers, by request key, for replay. */
    recordings?: Record<string, RecordingEntry>;
    /** `sha256:<hex>` of the canonical content of every other member. */
    digest: string;
}
type LockedPrompt = Partial<Record<Variant, LockedVersion>>;
interface Lockfile {
    format: typeof LOCKFILE_FORMAT;
    /** What `promptgate bundle --ref` asked for: `production`, `canary`, `<id>@<version>`. */
    refs: string[];
    prompts: Record<string, LockedPrompt>;
    /** `sha256:<hex>` of the canonical `{ format, refs, prompts: { id: { variant: digest } } }`. */
    digest: string;
}
/**
 * Reads and verifies a lockfile (its text, or the parsed object). Throws a LockfileError that
 * names the file, and the prompt and variant when one of them is the problem.
 */
declare function readLockfile(input: string | object, name?: string): Lockfile;

/** Which copy of the prompts served a call: the bundle the app shipped, the refresh's snapshot on disk, or GitHub itself. */
type ServedFrom = 'bundle' | 'snapshot' | 'github';
/**
 * The key's place in [0, 100): the first 48 bits of sha256(`<prompt id>\n<key>`), as a share of
 * 2^48. The same key always lands in the same place (a user stays on one version), keys spread
 * evenly, and each prompt draws its own canary users. Another service can route the same way.
 */
declare function canaryBucket(promptId: string, key: string): number;

interface GitHubTarget {
    /** `owner/name`. */
    repo: string;
    token?: string;
    /** Default https://api.github.com (GitHub Enterprise: https://HOST/api/v3). */
    apiUrl?: string;
}

interface RefreshOptions {
    github: GitHubTarget;
    intervalSeconds: number;
    /** Where the snapshot (prompts.snapshot.json) is kept; none when unset. */
    snapshotDir?: string;
}

/** `telemetry` of createPromptEngine: where spans go, and what they may hold. */
interface TelemetryOptions {
    /** OTLP JSON Lines file, written when no OpenTelemetry SDK is registered (and no `tracer` given). */
    file?: string;
    /** Spans go to this tracer instead of the global one (`trace.getTracer`). */
    tracer?: Tracer;
    /** Off by default (personal data): the messages and answer, and the values of the variables named here. */
    record?: {
        content?: boolean;
        variables?: string[];
    };
    /** `service.name` of the file's resource; default OTEL_SERVICE_NAME, else `unknown_service:node`. */
    serviceName?: string;
}

/**
 * The prompts an app's bundle holds, by id: `promptgate types` writes a declaration file that
 * adds one member per prompt (`{ variables: {...}; output: ... }`), so `execute` checks the
 * variable names and types the output. Without it, any id, any variables, an untyped output.
 */
interface PromptRegistry {
}
type Registered = keyof PromptRegistry;
/** A template variable's value; numbers and booleans are sent as text, as prompt.yaml's are. */
type VariableValue = string | number | boolean;
type PromptId = [Registered] extends [never] ? string : Registered;
type PromptVariables<Id> = Id extends Registered ? PromptRegistry[Id] extends {
    variables: infer V;
} ? V : Record<string, VariableValue> : Record<string, VariableValue>;
type PromptOutput<Id> = Id extends Registered ? (PromptRegistry[Id] extends {
    output: infer O;
} ? O : Json) : Json;
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
type ExecuteInput<Id = string> = ExecuteBase & ({} extends PromptVariables<Id> ? {
    vars?: PromptVariables<Id>;
} : {
    vars: PromptVariables<Id>;
});
interface ExecuteUsage {
    inputTokens: number;
    outputTokens: number;
    cachedInputTokens: number;
    cacheWriteTokens: number;
}
interface ExecuteResult<Output = Json> {
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
interface PromptEngineOptions {
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
    retry?: {
        maxAttempts?: number;
        baseDelayMs?: number;
        maxDelayMs?: number;
    };
    /** Told about what does not fail a call: a telemetry write, a refresh that could not reach GitHub. */
    onWarning?: (message: string) => void;
}
interface PromptEngine {
    execute<Id extends PromptId>(id: Id, input: ExecuteInput<Id>): Promise<ExecuteResult<PromptOutput<Id>>>;
    /** The ids the engine serves, and the version and source of each variant. */
    prompts(): Array<{
        id: string;
        production?: string;
        canary?: string;
        canaryWeight: number;
        source: ServedFrom;
    }>;
    /** Checks the alias tags now (with `refresh`); resolves when done. */
    refresh(): Promise<void>;
    /** Writes pending telemetry without closing. */
    flush(): Promise<void>;
    /** Stops refreshing and flushes telemetry. */
    close(): Promise<void>;
}

/**
 * `createPromptEngine`: the app's side of promptgate. It serves the versions a lockfile holds
 * (and, with `refresh`, the versions the alias tags move to) with the pieces the tests used:
 * the template engine, the request builder, the provider layer with its retries and error
 * kinds, JSON-after-reasoning extraction and the schema check.
 */
declare function createPromptEngine(options: PromptEngineOptions): Promise<PromptEngine>;

/**
 * The runtime's own errors. A provider failure is the providers' ProviderError (kind,
 * retryable, status), exactly as the CLI reports it; these are the rest.
 */
/** A lockfile that cannot be read, or that was changed after `promptgate bundle` wrote it. */
declare class LockfileError extends Error {
    constructor(message: string);
}
/** `execute` named a prompt the bundle does not hold. */
declare class PromptNotFoundError extends Error {
    readonly promptId: string;
    constructor(promptId: string, known: readonly string[]);
}
/** The call's variables do not fill the template: every placeholder without a value is named at once. */
declare class PromptInputError extends Error {
    readonly promptId: string;
    readonly version: string;
    constructor(promptId: string, version: string, message: string);
}
/** Why an answer is not a valid output. */
type OutputProblem = 'not-json' | 'schema' | 'length' | 'refusal' | 'content_filter';
/** What is known of a call whose answer was refused: the app can log it as a failed execution. */
interface OutputErrorDetails {
    promptId: string;
    version: string;
    variant: string;
    problem: OutputProblem;
    /** The model's raw answer. */
    text: string;
    /** The schema violations (`/confidence must be <= 1`), or the reason the text is not JSON. */
    errors: string[];
    model: string;
    servedModel: string;
    usage: Usage;
    costUsd: number | null;
    latencyMs: number;
    finishReason: FinishReason | undefined;
}
/**
 * The model answered, but not with a valid output: not JSON, JSON that breaks schema.json, or an
 * answer cut off at max_tokens, refused or filtered (never a valid output, as in the tests).
 */
declare class PromptOutputError extends Error {
    readonly promptId: string;
    readonly version: string;
    readonly variant: string;
    readonly problem: OutputProblem;
    readonly text: string;
    readonly errors: string[];
    readonly details: OutputErrorDetails;
    constructor(details: OutputErrorDetails);
}

export { LOCKFILE_FORMAT, LockfileError, PromptInputError, PromptNotFoundError, PromptOutputError, ProviderError, canaryBucket, createPromptEngine, readLockfile };
export type { ChatMessage, ExecuteInput, ExecuteResult, ExecuteUsage, FinishReason, GitHubTarget, Json, LockedMetric, LockedPrompt, LockedSettings, LockedVersion, Lockfile, OutputErrorDetails, OutputProblem, PromptEngine, PromptEngineOptions, PromptId, PromptOutput, PromptRegistry, PromptVariables, ProviderErrorKind, ProviderName, RefreshOptions, ServedFrom, TelemetryOptions, ToolCall, ToolDefinition, VariableValue, Variant };
