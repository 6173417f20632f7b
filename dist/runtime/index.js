export { L as LOCKFILE_FORMAT, A as LockfileError, B as PromptInputError, C as PromptNotFoundError, E as PromptOutputError, P as ProviderError, F as canaryBucket, G as createPromptEngine, r as readLockfile } from './chunks/index.js';
globalThis.process.getBuiltinModule("node:fs/promises");
import 'ajv';
import 'ajv/dist/2020.js';
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:path");
import '@opentelemetry/api';
