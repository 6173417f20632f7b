import type { FinishReason, Usage } from '../providers/types.js';

/**
 * The runtime's own errors. A provider failure is the providers' ProviderError (kind,
 * retryable, status), exactly as the CLI reports it; these are the rest.
 */

/** A lockfile that cannot be read, or that was changed after `promptgate bundle` wrote it. */
export class LockfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockfileError';
  }
}

/** `execute` named a prompt the bundle does not hold. */
export class PromptNotFoundError extends Error {
  readonly promptId: string;
  constructor(promptId: string, known: readonly string[]) {
    const list = known.length > 0 ? known.map((id) => `"${id}"`).join(', ') : 'none';
    super(`no prompt "${promptId}" in the bundle (it holds ${list}); add it with promptgate bundle`);
    this.name = 'PromptNotFoundError';
    this.promptId = promptId;
  }
}

/** The call's variables do not fill the template: every placeholder without a value is named at once. */
export class PromptInputError extends Error {
  readonly promptId: string;
  readonly version: string;
  constructor(promptId: string, version: string, message: string) {
    super(`${promptId} ${version}: ${message}`);
    this.name = 'PromptInputError';
    this.promptId = promptId;
    this.version = version;
  }
}

/** Why an answer is not a valid output. */
export type OutputProblem = 'not-json' | 'schema' | 'length' | 'refusal' | 'content_filter';

/** What is known of a call whose answer was refused: the app can log it as a failed execution. */
export interface OutputErrorDetails {
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
export class PromptOutputError extends Error {
  readonly promptId: string;
  readonly version: string;
  readonly variant: string;
  readonly problem: OutputProblem;
  readonly text: string;
  readonly errors: string[];
  readonly details: OutputErrorDetails;
  constructor(details: OutputErrorDetails) {
    super(`${details.promptId} ${details.version}: ${describe(details)}`);
    this.name = 'PromptOutputError';
    this.promptId = details.promptId;
    this.version = details.version;
    this.variant = details.variant;
    this.problem = details.problem;
    this.text = details.text;
    this.errors = details.errors;
    this.details = details;
  }
}

function describe(details: OutputErrorDetails): string {
  switch (details.problem) {
    case 'not-json':
      return `the answer is not JSON: ${details.errors[0] ?? ''}`;
    case 'schema':
      return `the answer does not match the schema: ${details.errors.join('; ')}`;
    case 'length':
      return `the answer was cut off at max_tokens after ${details.usage.outputTokens} output tokens`;
    case 'refusal':
      return 'the model refused to answer';
    case 'content_filter':
      return 'the provider withheld the answer (content filter)';
  }
}
