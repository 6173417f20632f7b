import type { FinishReason } from './types.js';

/**
 * The providers' own stop words in one vocabulary. OpenAI says stop | length | tool_calls |
 * content_filter | function_call; Anthropic says end_turn | stop_sequence | max_tokens |
 * tool_use | refusal | pause_turn | model_context_window_exceeded. Recordings made before
 * this mapping hold the raw words, so it also runs on replay (it is idempotent).
 */
const FINISH_REASON_OF: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  length: 'length',
  max_tokens: 'length',
  // Not max_tokens: the conversation filled the model's context window, and raising max_tokens cannot help.
  model_context_window_exceeded: 'context_window',
  context_window: 'context_window',
  // A server-side tool loop paused before its answer: the turn is unfinished, not cut off at max_tokens.
  pause_turn: 'pause_turn',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  tool_use: 'tool_calls',
  refusal: 'refusal',
  content_filter: 'content_filter',
};

export function finishReasonOf(raw: unknown): FinishReason | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  return Object.hasOwn(FINISH_REASON_OF, raw) ? FINISH_REASON_OF[raw] : 'other';
}
