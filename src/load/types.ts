import type { Diagnostic } from '../lib/diagnostics.js';
import type { Json } from '../json/json.js';
import type { ChatMessage, ProviderName, ToolDefinition } from '../providers/types.js';
import type { MetricDefinition } from './metrics.js';

export interface ModelRef {
  provider: ProviderName;
  model: string;
}

/**
 * A `models:` entry as written: `provider:model`, or an object with its own settings
 * (`{ model, max_tokens, temperature, top_p, reasoning_effort, thinking_budget, gate: false }`).
 */
export type ModelEntry =
  | string
  | {
      model: string;
      gate?: boolean;
      max_tokens?: number;
      temperature?: number;
      top_p?: number;
      reasoning_effort?: string;
      thinking_budget?: number;
      thinking?: { budget_tokens: number };
    };

/**
 * One model's own settings (a `models:` entry's), as request fields. They win over the folder's,
 * and are sent as written even where the model family is known to refuse them.
 */
export interface ModelSettings {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  /** OpenAI-wire `reasoning_effort`. */
  reasoningEffort?: string;
  /** Anthropic-family extended thinking budget (`thinking_budget`, or `thinking: { budget_tokens }`). */
  thinkingBudget?: number;
}

/** One model of a folder's matrix. */
export interface MatrixModel extends ModelRef {
  /** `gate: false`: shown and compared, never blocking the merge or a release. */
  candidate?: true;
  /** The entry's own settings, when it has any. */
  settings?: ModelSettings;
}

/** Model settings for one prompt folder, after merging promptgate.yaml defaults and prompt.yaml. */
export interface PromptSettings {
  provider: ProviderName;
  model: string;
  temperature?: number;
  maxTokens?: number;
  /** `models:`: the folder runs once per model, each run a suite of its own. */
  models?: MatrixModel[];
  /** Set on one model of a matrix (expandModels): a candidate, `gate: false`. */
  candidate?: true;
  /** Set on one model of a matrix (expandModels): that entry's own settings, over the folder's. */
  modelSettings?: ModelSettings;
  /** `structured_output: false`: schema.json is checked, but not sent as response_format / output_config. */
  structuredOutput?: false;
  /** `traffic_per_day:`: runs a day in production, for the comment's cost projection. */
  trafficPerDay?: number;
  /** Default template variables; a test's `vars` override them. */
  variables: Record<string, string>;
  /** prompt.yaml `tools:`, sent with every test of the folder. */
  tools?: ToolDefinition[];
}

/**
 * prompt.yaml `deploy:`: how an app's runtime serves this version. Only `canary` today; guards
 * (`rollback_on`, `min_samples`) are meant to join it as keys of their own.
 */
export interface DeploySettings {
  /** When this version is the canary: the percent of keys (0 to 100) sent to it. */
  canary?: { weight: number };
}

/**
 * One check on a model answer. `path` selects a field of the JSON output (`a.b[0].c`);
 * without it the check applies to the raw output text. `line` is where it was written.
 * `negated`: written with the generic `not-` prefix (`not-icontains`): it passes when the
 * check decidedly does not hold, and never when the check could not be made (checks/negate.ts).
 */
export type Assertion = (
  | { type: 'equals'; path?: string; value: Json }
  | { type: 'contains'; path?: string; value: string }
  | { type: 'not-contains'; path?: string; value: string }
  | { type: 'icontains'; path?: string; value: string }
  | { type: 'contains-any'; path?: string; value: string[] }
  | { type: 'contains-all'; path?: string; value: string[] }
  | { type: 'starts-with'; path?: string; value: string }
  | { type: 'regex'; path?: string; value: string; flags?: string }
  | { type: 'min'; path: string; value: number }
  | { type: 'max'; path: string; value: number }
  | { type: 'is-json' }
  | { type: 'json-schema'; value: Record<string, unknown> }
  | { type: 'max-tokens'; value: number }
  | { type: 'max-latency-ms'; value: number }
  | { type: 'max-cost-usd'; value: number }
  | { type: 'tool-called'; value: string; args?: { [key: string]: Json } }
  | { type: 'no-tool-called'; value?: string }
  /** The calls made along the way, in order (other calls between them unless `exact`). */
  | { type: 'tool-sequence'; value: Array<string | { name: string; args?: { [key: string]: Json } }>; exact?: boolean }
  /** A judge model scores the answer against the rubric text (run by the runner, not evaluateChecks). */
  | { type: 'rubric'; value: string; judge?: string; minScore?: number }
  /** A named export of the folder's checks.mjs (run by the runner, where the code is trusted). */
  | { type: 'js'; value: string }
  /** Cosine similarity of the answer's embedding to the reference text's (run by the runner). */
  | { type: 'similar'; path?: string; value: string; threshold?: number }
) & { line?: number; negated?: true };

export type AssertionType = Assertion['type'];

export interface TestCase {
  name: string;
  /** The user message sent after the system prompt and the few-shot examples. */
  input: string;
  vars: Record<string, string>;
  /** Prior turns (tests.yaml `messages:`), sent after the examples and before `input`. */
  messages?: ChatMessage[];
  /** `tool_results:`: canned results by tool name; when present, the agent loop runs. */
  toolResults?: Record<string, ToolResultRule[]>;
  /** `max_steps:`: model calls the agent loop may make (else the folder's, else 5). */
  maxSteps?: number;
  /** Shorthand (`expected_x`, `min_confidence`) already expanded into typed assertions. */
  assert: Assertion[];
  /** Line of this test's entry in tests.yaml (1-based), for annotations; a data file's row: its `- file:` entry. */
  line: number;
  /** A test read from a data file (`- file: cases.csv`): that file and the row's line. */
  dataRow?: { file: string; line: number };
  /** Runs of this test (k-of-n: N) and runs that must pass (K), overriding the run-wide ones. */
  repeat?: number;
  minPass?: number;
  /** Any failure or error of this test blocks the gate. */
  required?: boolean;
  /** Set when this one test is malformed: it is reported as errored, the others still run. */
  invalid?: Diagnostic;
}

/** One canned result of a tool: it answers a call whose arguments include `args` (any call without). */
export interface ToolResultRule {
  args?: { [key: string]: Json };
  /** The text sent back to the model as the tool's result. */
  result: string;
}

/** A prompt folder, loaded and validated, ready to run. Paths are repository-relative, POSIX. */
export interface PromptFolder {
  path: string;
  id: string;
  version: string;
  settings: PromptSettings;
  systemTemplate: string;
  systemFile: string;
  examples: ChatMessage[];
  /** JSON Schema every output must match (schema.json or prompt.yaml `schema:`). */
  schema?: Record<string, unknown>;
  schemaFile?: string;
  tests: TestCase[];
  testsFile: string;
  /** Success metrics (prompt.yaml `metrics:` over promptgate.yaml's), validated. */
  metrics?: MetricDefinition[];
  /** prompt.yaml `deploy:`, validated. */
  deploy?: DeploySettings;
  /** Every file this folder reads, including shared ones outside it (for change detection). */
  files: string[];
  /** prompt.yaml `allow_removing_required`: base required tests this version may drop. */
  allowRemovingRequired?: string[];
  /** prompt.yaml `max_steps`: the agent loop's default for the folder's tests. */
  maxSteps?: number;
  /** prompt.yaml `embedding_model` (provider and model) for `similar` checks. */
  embeddingModel?: ModelRef;
  /** The folder's checks.mjs, when it has one: its path and the SHA-256 of its bytes as read. */
  checksModule?: { file: string; sha256: string };
}

/** What one call adds to a folder's prompt: a test's input, vars and prior turns, or an app's (runtime/). */
export interface PromptTurn {
  input: string;
  vars: Record<string, string>;
  messages?: ChatMessage[];
}

/** The parts of a folder a request is built from (load/request.ts): a loaded folder, or a bundled version. */
export type RequestFolder = Pick<PromptFolder, 'settings' | 'systemTemplate' | 'systemFile' | 'examples' | 'schema'>;

/** Loading either yields a runnable folder or the reasons it cannot run. */
export type LoadedFolder =
  | { ok: true; folder: PromptFolder; warnings: Diagnostic[] }
  | { ok: false; path: string; id: string; version: string; errors: Diagnostic[]; files: string[] };

export interface FolderIdentity {
  path: string;
  id: string;
  version: string;
}
