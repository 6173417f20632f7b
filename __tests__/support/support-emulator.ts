import { afterAll, beforeAll } from '@jest/globals';
import { supportModel } from './fixtures.js';
import { startProviderEmulator, type RunningEmulator } from './provider-emulator.js';

/** The emulated support model, shared by a test file's tests (a live binding: read it inside tests). */
export let emulator: RunningEmulator;

/** Starts the emulator before the calling file's tests and stops it after them. */
export function useSupportEmulator(): void {
  beforeAll(async () => {
    emulator = await startProviderEmulator({ answer: supportModel });
  });
  afterAll(async () => {
    await emulator.close();
  });
}
