import type { Diagnostic } from '../lib/diagnostics.js';
import type { Json } from '../json/json.js';
import type { ChatMessage, ToolCall } from '../providers/types.js';
import type { ToolResultRule } from './types.js';
import { isRecord } from './values.js';

/*
 * A test's `messages:` with tool turns, and its `tool_results:`, as written in tests.yaml (the
 * schema has checked their shapes), turned into what the runner sends. What the schema cannot
 * see is checked here: every tool call is answered right after its turn, by a tool message of
 * the same name, before any other turn (both APIs refuse a conversation otherwise).
 */

/** Where a problem of the test is, by a pointer under the test (`/messages/2/tool_call_id`). */
export type PlaceOf = (relative: string, key?: string) => Omit<Diagnostic, 'message'>;

/** A tool result is sent as text: text as it is, any other value as JSON text. */
export function resultText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

/**
 * The conversation with an id on every call: the one written, else `call_<turn>_<call>` (turns
 * counted from 1), so the request, and the recording key, are the same on every run.
 */
export function readMessages(raw: readonly unknown[], place: PlaceOf): { messages: ChatMessage[]; problems: Diagnostic[] } {
  const messages: ChatMessage[] = [];
  const problems: Diagnostic[] = [];
  const problem = (relative: string, key: string | undefined, message: string) => problems.push({ ...place(relative, key), message });
  // The calls of the last assistant turn still waiting for their results, by id.
  let open: Map<string, ToolCall> | undefined;
  let openAt = '';
  const ids = new Set<string>();
  raw.forEach((item, index) => {
    if (!isRecord(item)) return;
    const at = `/messages/${index}`;
    const role = item.role;
    if (role !== 'tool' && open && open.size > 0) {
      problem(
        at,
        undefined,
        `the tool calls of messages[${openAt}] (${[...open.values()].map((call) => call.name).join(', ')}) need their results (role: tool) before this turn`,
      );
      open = undefined;
    }
    if (role === 'assistant') {
      const calls = Array.isArray(item.tool_calls) ? item.tool_calls.filter(isRecord) : [];
      const content = typeof item.content === 'string' ? item.content : '';
      if (calls.length === 0) {
        if (typeof item.content !== 'string') problem(at, undefined, 'an assistant turn needs content, tool_calls, or both');
        messages.push({ role: 'assistant', content });
        open = undefined;
        return;
      }
      const toolCalls = calls.map((call, callIndex): ToolCall => {
        const id = typeof call.id === 'string' ? call.id : `call_${index + 1}_${callIndex + 1}`;
        if (ids.has(id)) problem(`${at}/tool_calls/${callIndex}`, 'id', `tool call id "${id}" is used twice in this conversation`);
        ids.add(id);
        return { id, name: String(call.name), arguments: isRecord(call.arguments) ? call.arguments : {} };
      });
      messages.push({ role: 'assistant', content, toolCalls });
      open = new Map(toolCalls.map((call) => [call.id!, call]));
      openAt = String(index);
      return;
    }
    if (role === 'tool') {
      const name = String(item.name);
      const content = resultText(item.content);
      if (!open) {
        problem(at, undefined, 'a tool result must follow the assistant turn whose tool call it answers');
        return;
      }
      const given = typeof item.tool_call_id === 'string' ? item.tool_call_id : undefined;
      const call = given !== undefined ? open.get(given) : [...open.values()].find((candidate) => candidate.name === name);
      if (!call) {
        const waiting = [...open.values()].map((candidate) => `${candidate.name} (id ${candidate.id})`).join(', ') || 'none';
        const what = given !== undefined ? `no call with id "${given}"` : `no call of ${name}`;
        problem(
          at,
          given !== undefined ? 'tool_call_id' : 'name',
          `${what} waits for a result in messages[${openAt}]; waiting: ${waiting}`,
        );
        return;
      }
      if (call.name !== name) {
        problem(at, 'name', `tool_call_id "${call.id}" is a call of ${call.name}, not ${name}`);
        return;
      }
      open.delete(call.id!);
      messages.push({ role: 'tool', name, toolCallId: call.id!, content });
      return;
    }
    messages.push({ role: 'user', content: typeof item.content === 'string' ? item.content : '' });
  });
  // The test's input follows as a user turn: calls still open here would be refused by the API.
  if (open && open.size > 0) {
    problem(
      `/messages/${openAt}`,
      undefined,
      `the tool calls of messages[${openAt}] (${[...open.values()].map((call) => call.name).join(', ')}) need their results (role: tool) after it`,
    );
  }
  return { messages, problems };
}

/**
 * `tool_results:` by tool name. A list whose every item is `{ result }` or `{ args, result }`
 * is the per-arguments form; any other value is the one result of every call of that tool.
 */
export function readToolResults(
  raw: Record<string, unknown>,
  place: PlaceOf,
): { results: Record<string, ToolResultRule[]>; problems: Diagnostic[] } {
  const results: Record<string, ToolResultRule[]> = {};
  const problems: Diagnostic[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (!isRuleList(value)) {
      results[name] = [{ result: resultText(value) }];
      continue;
    }
    results[name] = value.map((rule, index) => {
      if (rule.args !== undefined && !isRecord(rule.args)) {
        problems.push({
          ...place(`/tool_results/${name.replace(/~/g, '~0').replace(/\//g, '~1')}/${index}`, 'args'),
          message: 'args must be a map of the arguments the call must have',
        });
      }
      return { ...(isRecord(rule.args) ? { args: rule.args as { [key: string]: Json } } : {}), result: resultText(rule.result) };
    });
  }
  return { results, problems };
}

function isRuleList(value: unknown): value is Array<{ args?: unknown; result: unknown }> {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (item) => isRecord(item) && Object.hasOwn(item, 'result') && Object.keys(item).every((key) => key === 'args' || key === 'result'),
    )
  );
}
