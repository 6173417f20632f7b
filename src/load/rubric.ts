/*
 * How a `rubric` check and its judge are written (tests.yaml, promptgate.yaml `judge:`), and
 * their validation. run/judge.ts asks the judge.
 */

import { BUILTIN_PROVIDERS, type ProviderName } from '../providers/types.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Providers a judge may run on without promptgate.yaml's endpoints: the built-in ones. */
export const JUDGE_PROVIDERS: readonly ProviderName[] = BUILTIN_PROVIDERS;

export interface JudgeSpec {
  provider: ProviderName;
  model: string;
}

/**
 * `judge: openai:gpt-4o-mini`. Split at the first colon only: model names may hold colons
 * themselves (`ollama`-style `llama3:8b` behind an OpenAI-compatible server).
 */
export function parseJudgeSpec(value: unknown, providers: readonly ProviderName[] | 'any' = JUDGE_PROVIDERS): Parsed<JudgeSpec> {
  const example = 'write it provider:model, e.g. openai:gpt-4o-mini';
  if (typeof value !== 'string' || value.trim() === '') return { ok: false, error: `judge must be a provider:model text; ${example}` };
  const text = value.trim();
  const colon = text.indexOf(':');
  if (colon < 0) return { ok: false, error: `judge "${text}" names no provider; ${example}` };
  const provider = text.slice(0, colon).trim();
  const model = text.slice(colon + 1).trim();
  if (providers === 'any' ? !/^[A-Za-z][A-Za-z0-9_-]*$/.test(provider) : !providers.includes(provider)) {
    if (providers === 'any') return { ok: false, error: `judge "${text}" has no provider name before its colon; ${example}` };
    return { ok: false, error: `judge "${text}" has unknown provider "${provider}"; expected one of ${providers.join(', ')}` };
  }
  if (model === '') return { ok: false, error: `judge "${text}" names no model; ${example}` };
  return { ok: true, value: { provider: provider as ProviderName, model } };
}

/** The assertion's own judge, else promptgate.yaml's `judge:`; an error when neither is set. */
export function resolveJudge(
  assertionJudge: unknown,
  defaultJudge: unknown,
  providers: readonly ProviderName[] = JUDGE_PROVIDERS,
): Parsed<JudgeSpec> {
  if (assertionJudge !== undefined) return parseJudgeSpec(assertionJudge, providers);
  if (defaultJudge !== undefined) return parseJudgeSpec(defaultJudge, providers);
  return { ok: false, error: 'a rubric needs a judge: set judge: provider:model on the assertion, or judge: in promptgate.yaml' };
}

/** A rubric assertion as written in tests.yaml, validated. */
export interface RubricAssertion {
  type: 'rubric';
  value: string;
  judge?: string;
  minScore?: number;
}

const RUBRIC_KEYS = ['type', 'value', 'judge', 'min_score'];

/**
 * `{ type: rubric, value: "...", judge: "openai:gpt-4o-mini", min_score: 0.8 }`. Errors name
 * the key so the loader can turn them into file/line diagnostics; unknown keys are errors.
 */
export function validateRubricAssertion(
  raw: Record<string, unknown>,
  /** tests.yaml does not know promptgate.yaml's endpoints: the folder checks the judge's provider (folder.ts). */
  providers: readonly ProviderName[] | 'any' = 'any',
): Parsed<RubricAssertion> & { field?: string } {
  for (const key of Object.keys(raw)) {
    if (!RUBRIC_KEYS.includes(key))
      return { ok: false, field: key, error: `unknown key "${key}" for a rubric; expected ${RUBRIC_KEYS.join(', ')}` };
  }
  const { value, judge, min_score: minScore } = raw;
  if (typeof value !== 'string' || value.trim() === '') {
    return { ok: false, field: 'value', error: 'a rubric needs its text in value: what a good answer must do' };
  }
  if (judge !== undefined) {
    const spec = parseJudgeSpec(judge, providers);
    if (!spec.ok) return { ok: false, field: 'judge', error: spec.error };
  }
  if (minScore !== undefined && (typeof minScore !== 'number' || !(minScore >= 0 && minScore <= 1))) {
    return { ok: false, field: 'min_score', error: `min_score must be a number from 0 to 1, got ${JSON.stringify(minScore)}` };
  }
  return {
    ok: true,
    value: {
      type: 'rubric',
      value,
      ...(judge !== undefined ? { judge: (judge as string).trim() } : {}),
      ...(minScore !== undefined ? { minScore } : {}),
    },
  };
}
