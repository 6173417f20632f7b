import { hash } from 'node:crypto';
import type { ChatMessage, ModelRequest } from './types.js';

/** A folder's schema is the same object for all its tests: serialise it once. */
const canonicalSchemas = new WeakMap<object, string>();

/**
 * The recording key: what the provider is asked, nothing about who asks or when. The first 20
 * hex digits of requestDigest: short enough for a readable recordings.json, long enough for the
 * requests of one folder.
 */
export function requestKey(request: ModelRequest): string {
  return requestDigest(request).slice(0, 20);
}

/**
 * The SHA-256 (hex) of what the provider is asked: exactly canonicalJson of { kind, provider,
 * model, temperature, maxTokens, jsonSchema, messages, tools, topP, reasoningEffort,
 * thinkingBudget }, written out by hand so the schema is not re-sorted for every test. A field
 * (and a message's tool calls and tool result fields) is absent when not set, so a request that
 * sets none of the newer ones keeps the key it was recorded under. The answer cache keys by all
 * of it, across every folder.
 */
export function requestDigest(request: ModelRequest): string {
  let schema: string | undefined;
  if (request.jsonSchema) {
    schema = canonicalSchemas.get(request.jsonSchema);
    if (schema === undefined) {
      schema = canonicalJson(request.jsonSchema);
      canonicalSchemas.set(request.jsonSchema, schema);
    }
  }
  // Built by concatenation (V8 joins the pieces once, when hashing) rather than as arrays joined.
  let text = '{';
  if (schema !== undefined) text += `"jsonSchema":${schema},`;
  if (request.kind !== undefined) text += `"kind":${JSON.stringify(request.kind)},`;
  if (request.maxTokens !== undefined) text += `"maxTokens":${JSON.stringify(request.maxTokens)},`;
  text += '"messages":[';
  request.messages.forEach((message, index) => {
    // A text turn (nearly every one) in one piece; a tool turn with its fields in key order.
    if (message.name === undefined && message.toolCallId === undefined && message.toolCalls === undefined) {
      text += `${index === 0 ? '' : ','}{"content":${messageJson(message)},"role":${JSON.stringify(message.role)}}`;
      return;
    }
    text += `${index === 0 ? '' : ','}{"content":${messageJson(message)}`;
    if (message.name !== undefined) text += `,"name":${JSON.stringify(message.name)}`;
    text += `,"role":${JSON.stringify(message.role)}`;
    if (message.toolCallId !== undefined) text += `,"toolCallId":${JSON.stringify(message.toolCallId)}`;
    if (message.toolCalls !== undefined) text += `,"toolCalls":${canonicalJson(message.toolCalls)}`;
    text += '}';
  });
  text += `],"model":${JSON.stringify(request.model)},"provider":${JSON.stringify(request.provider)}`;
  if (request.reasoningEffort !== undefined) text += `,"reasoningEffort":${JSON.stringify(request.reasoningEffort)}`;
  if (request.temperature !== undefined) text += `,"temperature":${JSON.stringify(request.temperature)}`;
  if (request.thinkingBudget !== undefined) text += `,"thinkingBudget":${JSON.stringify(request.thinkingBudget)}`;
  // Absent without tools, so recordings made before tools existed keep their keys.
  if (request.tools?.length) text += `,"tools":${canonicalJson(request.tools)}`;
  if (request.topP !== undefined) text += `,"topP":${JSON.stringify(request.topP)}`;
  // crypto.hash: one call, no Hash object per test (a third of this function's time before).
  return hash('sha256', `${text}}`, 'hex');
}

/**
 * JSON.stringify of a message's text. A suite's system prompt (often kilobytes) is the same in
 * every test: it is escaped once, not once per test. Bounded in entries and in characters: tests
 * with vars of their own each render a prompt of their own, and prompts come from users' files.
 */
const systemPromptsJson = new Map<string, string>();
const MAX_CACHED_PROMPTS = 16;
const MAX_CACHED_CHARACTERS = 4 * 1024 * 1024;
let cachedCharacters = 0;
function messageJson(message: ChatMessage): string {
  if (message.role !== 'system') return JSON.stringify(message.content);
  let json = systemPromptsJson.get(message.content);
  if (json === undefined) {
    json = JSON.stringify(message.content);
    const characters = message.content.length + json.length;
    if (systemPromptsJson.size >= MAX_CACHED_PROMPTS || cachedCharacters + characters > MAX_CACHED_CHARACTERS) {
      systemPromptsJson.clear();
      cachedCharacters = 0;
    }
    if (characters <= MAX_CACHED_CHARACTERS) {
      systemPromptsJson.set(message.content, json);
      cachedCharacters += characters;
    }
  }
  return json;
}

/** JSON with object keys sorted at every depth and undefined members dropped. */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) sorted[key] = sortKeys(member);
    }
    return sorted;
  }
  return value;
}
