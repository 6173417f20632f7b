// Types of the generated standalone validators (scripts/build-validators.mjs).
import type { ValidateFunction } from 'ajv';

export const tests: ValidateFunction;
export const prompt: ValidateFunction;
export const promptgate: ValidateFunction;
