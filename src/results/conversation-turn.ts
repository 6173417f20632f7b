import type { Json } from '../json/json.js';

/** One prior turn of a conversation as the reports show it: tool turns name their tool, call ids are dropped. */
export interface ConversationTurn {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** tool: the tool that answered. */
  name?: string;
  /** assistant: the tools this turn called. */
  toolCalls?: Array<{ name: string; arguments: Json }>;
}
