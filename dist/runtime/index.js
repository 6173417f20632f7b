export { L as LOCKFILE_FORMAT, K as LockfileError, M as PromptInputError, N as PromptNotFoundError, O as PromptOutputError, P as ProviderError, Q as canaryBucket, S as createPromptEngine, r as readLockfile } from './chunks/index.js';
globalThis.process.getBuiltinModule("node:fs/promises");
import 'ajv';
import 'ajv/dist/2020.js';
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:path");
import '@opentelemetry/api';
