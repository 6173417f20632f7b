/**
 * `promptgate/runtime`: run the tagged prompt versions in an app, as the tests ran them.
 *
 *   const engine = await createPromptEngine({ bundle: 'prompts.lock.json' });
 *   const r = await engine.execute('customer-support', { input, vars, key: user.id });
 *
 * This entry imports no CLI, GitHub or provider SDK code up front: an SDK is loaded on the first
 * call to its provider, the refresh's loader only when `refresh` is set.
 */
export { createPromptEngine } from './engine.js';
export { canaryBucket } from './prepared.js';
export {
  LockfileError,
  PromptInputError,
  PromptNotFoundError,
  PromptOutputError,
  type OutputErrorDetails,
  type OutputProblem,
} from './errors.js';
export {
  readLockfile,
  LOCKFILE_FORMAT,
  type LockedMetric,
  type LockedPrompt,
  type LockedSettings,
  type LockedVersion,
  type Lockfile,
  type Variant,
} from './lockfile.js';
export {
  ProviderError,
  type ProviderErrorKind,
  type ChatMessage,
  type FinishReason,
  type ProviderName,
  type ToolCall,
  type ToolDefinition,
} from '../providers/types.js';
export type { Json } from '../json/json.js';
export type { ServedFrom } from './prepared.js';
export type { RefreshOptions } from './refresh.js';
export type { GitHubTarget } from './github-source.js';
export type { TelemetryOptions } from './telemetry.js';
export type {
  ExecuteInput,
  ExecuteResult,
  ExecuteUsage,
  PromptEngine,
  PromptEngineOptions,
  PromptId,
  PromptOutput,
  PromptRegistry,
  PromptVariables,
  VariableValue,
} from './api-types.js';
