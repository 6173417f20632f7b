export { L as LOCKFILE_FORMAT, C as LockfileError, E as PromptInputError, F as PromptNotFoundError, G as PromptOutputError, P as ProviderError, H as canaryBucket, J as createPromptEngine, r as readLockfile } from './chunks/index.js';
globalThis.process.getBuiltinModule("node:fs/promises");
import 'ajv';
import 'ajv/dist/2020.js';
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:path");
import '@opentelemetry/api';
