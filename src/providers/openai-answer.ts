import { redact } from '../lib/secrets.js';
import { providerErrorForStatus, providerErrorForTransport, type ProviderLabel } from './error-classification.js';
import { finishReasonOf } from './finish-reason.js';
import { count, isRecord, parseArguments } from './payload.js';
import { ProviderError, type ModelRequest, type ModelResponse, type ToolCall, type Usage } from './types.js';

/*
 * Reading a Chat Completions answer, as OpenAI and the compatible servers really send it. The
 * shapes beyond OpenAI's own, each from the server's documentation or its users' reports:
 * - Mistral's reasoning models send `content` as a list of chunks: `{ type: thinking, thinking:
 *   [{ type: text, text }] }` before `{ type: text, text }` (docs.mistral.ai, reasoning; the
 *   bodies in langchain4j/langchain4j#4474 and agentjido/req_llm#742).
 * - `usage` is optional in the spec, and null on streamed chunks; llama.cpp and Ollama leave it
 *   out unless asked (skye-harris/hass_local_openai_llm#67). No usage is an unknown cost, never $0.
 * - OpenRouter answers 200 with `{ error: { code, message } }` when the model failed after the
 *   request was accepted, and ends a choice with `finish_reason: "error"` (openrouter.ai/docs,
 *   errors); LM Studio answers 200 with `{"error":"Unexpected endpoint or method. (POST
 *   /chat/completions)"}` when the URL lacks /v1 (lmstudio-ai/lmstudio-bug-tracker#618).
 */

/** Checks the body really is a chat completion before trusting any field of it. */
export function readCompletion(body: unknown, request: ModelRequest, label: ProviderLabel): Omit<ModelResponse, 'latencyMs'> {
  if (!isRecord(body)) throw providerErrorForTransport(label, 'broken-body', { cause: 'the response is not a JSON object' });
  if (body.error !== undefined && body.error !== null && !Array.isArray(body.choices)) throw bodyError(label, body.error);
  if (!Array.isArray(body.choices)) {
    throw providerErrorForTransport(label, 'broken-body', { cause: 'no choices in the response' });
  }
  const choice: unknown = body.choices[0];
  if (!isRecord(choice) || !isRecord(choice.message)) {
    throw providerErrorForTransport(label, 'broken-body', { cause: 'no message in the first choice' });
  }
  if (choice.finish_reason === 'error') throw choiceError(label, choice.error);
  const { content, refusal } = choice.message;
  // A refusal is an answer to judge (it fails with the refusal text), not an error.
  const refused = typeof refusal === 'string' && refusal !== '';
  const text = refused && (content === null || content === undefined || content === '') ? (refusal as string) : contentText(content);
  const toolCalls = readToolCalls(choice.message.tool_calls);
  const finishReason = refused ? 'refusal' : finishReasonOf(choice.finish_reason);
  return {
    text,
    model: typeof body.model === 'string' && body.model ? body.model : request.model,
    usage: readUsage(body.usage),
    ...(finishReason ? { finishReason } : {}),
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
  };
}

/**
 * `content` as text: a string as it is; a list of chunks (Mistral) as its text chunks, each
 * thinking chunk shown as <think>…</think> before them, as the Anthropic adapter shows
 * thinking blocks (checks find the JSON after it either way).
 */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let thinking = '';
  let text = '';
  for (const chunk of content) {
    if (typeof chunk === 'string') text += chunk;
    else if (!isRecord(chunk)) continue;
    else if (chunk.type === 'text' && typeof chunk.text === 'string') text += chunk.text;
    else if (chunk.type === 'thinking') thinking += `<think>${contentText(chunk.thinking)}</think>\n`;
  }
  return thinking + text;
}

function readToolCalls(calls: unknown): ToolCall[] {
  if (!Array.isArray(calls)) return [];
  return calls.flatMap((call): ToolCall[] => {
    if (!isRecord(call) || !isRecord(call.function) || typeof call.function.name !== 'string') return [];
    return [{ name: call.function.name, arguments: parseArguments(call.function.arguments) }];
  });
}

/**
 * prompt_tokens already includes the cached tokens; cache writes are not billed apart.
 * completion_tokens includes the reasoning tokens (billed as output).
 */
export function readUsage(usage: unknown): Usage {
  if (!isRecord(usage)) return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, unreported: true };
  const details = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const output = isRecord(usage.completion_tokens_details) ? usage.completion_tokens_details : {};
  const reasoningTokens = count(output.reasoning_tokens);
  return {
    inputTokens: count(usage.prompt_tokens),
    outputTokens: count(usage.completion_tokens),
    cachedInputTokens: count(details.cached_tokens),
    cacheWriteTokens: 0,
    ...(reasoningTokens > 0 ? { reasoningTokens } : {}),
  };
}

/** What a server's `error` says: its message, and its code when it is an HTTP status. */
function errorParts(error: unknown): { message: string; status?: number; type?: string } {
  if (typeof error === 'string') return { message: error };
  if (!isRecord(error)) return { message: JSON.stringify(error) ?? '' };
  const message = typeof error.message === 'string' ? error.message : JSON.stringify(error);
  const code = typeof error.code === 'number' ? error.code : typeof error.code === 'string' ? Number(error.code) : NaN;
  return {
    message,
    ...(Number.isInteger(code) && code >= 400 && code <= 599 ? { status: code } : {}),
    ...(typeof error.type === 'string' ? { type: error.type } : {}),
  };
}

/**
 * A 200 whose body is an error, not a completion: the server's own words, classified by the code
 * it gives (OpenRouter's 502 is a server error, retried as one); without a code it is the
 * request or the URL that is wrong, which a retry cannot fix. Never a "broken response".
 */
export function bodyError(label: ProviderLabel, error: unknown): ProviderError {
  const parts = errorParts(error);
  if (parts.status !== undefined) {
    return providerErrorForStatus(label, { status: parts.status, type: parts.type ?? null, code: null, apiMessage: parts.message });
  }
  const hint = /unexpected endpoint or method/i.test(parts.message)
    ? ' (the server does not serve this path: does the base URL end in /v1?)'
    : '';
  return new ProviderError(
    'bad-request',
    `${label.name}: the server answered with an error instead of a completion: ${quoted(parts.message, label)}${hint}`,
  );
}

/** `finish_reason: "error"`: the model failed mid-answer; what it wrote is not an answer to judge. */
function choiceError(label: ProviderLabel, error: unknown): ProviderError {
  const detail = error === undefined || error === null ? '' : `: ${quoted(errorParts(error).message, label)}`;
  return new ProviderError('server', `${label.name}: the answer ended with finish_reason "error"${detail}`, { retryable: true });
}

function quoted(message: string, label: ProviderLabel): string {
  const text = redact(message, label.secrets).replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}
