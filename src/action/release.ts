import type { ActionContext } from './context.js';
import type { ActionInputs } from './inputs.js';

export async function runRelease(_inputs: ActionInputs, _context: ActionContext, _env: NodeJS.ProcessEnv): Promise<void> {
  throw new Error('release mode is not implemented yet');
}
