import * as core from '@actions/core';
import { escapeInline } from '../render/markdown.js';

/**
 * When the action stops before it has results (a bad input, a checkout it cannot compare, the
 * pull request files API down), the step still ends the way a reader and a later step expect:
 * the job summary says why, and `gate` is `failed`, so `if: steps.x.outputs.gate == 'passed'`
 * never reads an empty string as a pass.
 */
export async function reportFailureBeforeResults(message: string): Promise<void> {
  core.setOutput('gate', 'failed');
  core.setOutput('changed-prompts', '[]');
  try {
    await core.summary.addRaw(`### ❌ promptgate could not run\n\n${escapeInline(message, 4000)}\n`).write();
  } catch {
    // No GITHUB_STEP_SUMMARY (run outside Actions): the failure message below still says it.
  }
}
