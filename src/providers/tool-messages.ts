import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ContentBlockParam, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { ChatMessage, ToolCall } from './types.js';

/*
 * A conversation's turns in each provider's wire shape, tool calls and tool results included:
 *
 * - OpenAI Chat Completions: an assistant message with `tool_calls` (arguments as JSON text),
 *   then one `role: tool` message per call with its `tool_call_id`.
 * - Anthropic Messages: an assistant message whose content is its text and `tool_use` blocks,
 *   then one user message holding a `tool_result` block per call (tool_use_id); text that
 *   follows the results (the test's input) joins that user message after them, as the API wants
 *   the results first in the turn after the calls.
 *
 * Type-only imports: the SDKs themselves are loaded only by their adapters (lazily).
 */

/** The arguments as OpenAI sends them: JSON text (text that was never JSON stays as it was). */
function argumentsText(call: ToolCall): string {
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {});
}

/** A call's id; every call in a conversation sent to a provider has one (loader and agent loop). */
function idOf(call: ToolCall, index: number): string {
  return call.id ?? `call_${index}`;
}

export function openaiMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((message): ChatCompletionMessageParam => {
    if (message.role === 'tool') return { role: 'tool', tool_call_id: message.toolCallId ?? '', content: message.content };
    if (message.role === 'assistant' && message.toolCalls?.length) {
      return {
        role: 'assistant',
        // The API takes null content beside tool calls; an empty string is sent as no text.
        content: message.content === '' ? null : message.content,
        tool_calls: message.toolCalls.map((call, index) => ({
          id: idOf(call, index),
          type: 'function' as const,
          function: { name: call.name, arguments: argumentsText(call) },
        })),
      };
    }
    return { role: message.role, content: message.content };
  });
}

/** Everything but system messages (the adapter sends those as `system`). */
export function anthropicMessages(messages: readonly ChatMessage[]): MessageParam[] {
  const turns: MessageParam[] = [];
  // The user turn being built from tool results, so text and further results can join it.
  let results: ContentBlockParam[] | undefined;
  for (const message of messages) {
    if (message.role === 'system') continue;
    if (message.role === 'tool') {
      const block: ContentBlockParam = { type: 'tool_result', tool_use_id: message.toolCallId ?? '', content: message.content };
      if (results) results.push(block);
      else {
        results = [block];
        turns.push({ role: 'user', content: results });
      }
      continue;
    }
    if (message.role === 'user' && results) {
      results.push({ type: 'text', text: message.content });
      results = undefined;
      continue;
    }
    results = undefined;
    if (message.role === 'assistant' && message.toolCalls?.length) {
      turns.push({
        role: 'assistant',
        content: [
          ...(message.content !== '' ? [{ type: 'text' as const, text: message.content }] : []),
          ...message.toolCalls.map((call, index) => ({
            type: 'tool_use' as const,
            id: idOf(call, index),
            name: call.name,
            // tool_use input is an object; arguments the model wrote as non-JSON text are kept as text in one.
            input: isObject(call.arguments) ? call.arguments : { arguments: call.arguments ?? null },
          })),
        ],
      });
      continue;
    }
    turns.push({ role: message.role === 'assistant' ? 'assistant' : 'user', content: message.content });
  }
  return turns;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
