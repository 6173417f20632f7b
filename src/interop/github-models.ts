/*
 * GitHub Models' prompt file (`*.prompt.yml`), as github/gh-models reads it (pkg/prompt/prompt.go):
 *
 *   name, description, model ("openai/gpt-4o-mini"),
 *   modelParameters: { maxTokens, temperature, topP },
 *   responseFormat: text | json_object | json_schema,
 *   jsonSchema: a JSON string { name, strict?, schema } (with json_schema),
 *   messages: [{ role: system | user | assistant, content }]   — {{variable}} placeholders,
 *   testData: [{ variable: value, … }],                         — one test per item
 *   evaluators: [{ name, string: { contains | startsWith | endsWith | equals } | llm: {…} | uses }]
 *
 * gh-models replaces `{{key}}` with each test item's value (nothing else is special), and its
 * string evaluators compare after trimming the answer: equals exactly, the others ignoring case.
 */

export interface GitHubModelsFile {
  name?: string;
  description?: string;
  model?: string;
  modelParameters?: { maxTokens?: number; temperature?: number; topP?: number };
  responseFormat?: 'text' | 'json_object' | 'json_schema';
  jsonSchema?: string;
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  testData?: Array<Record<string, unknown>>;
  evaluators?: Array<{
    name: string;
    string?: { contains?: string; startsWith?: string; endsWith?: string; equals?: string };
    llm?: unknown;
    uses?: string;
  }>;
}

export const KNOWN_KEYS = [
  'name',
  'description',
  'model',
  'modelParameters',
  'responseFormat',
  'jsonSchema',
  'messages',
  'testData',
  'evaluators',
];

/** `{{name}}` as gh-models substitutes it: any key of a test item. */
const VARIABLE = /\{\{([^{}]+?)\}\}/g;

/** The variables a gh-models template uses, in order. */
export function githubVariables(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((match) => match[1]!))];
}

/** gh-models' own substitution: each `{{key}}` of `data` replaced, anything else left as it is. */
export function renderGitHubTemplate(text: string, data: Record<string, unknown>): string {
  return text.replace(VARIABLE, (whole, name: string) => (Object.hasOwn(data, name) ? String(data[name]) : whole));
}

/** A promptgate placeholder name (load/template.ts). */
const PLACEHOLDER_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * A gh-models template as promptgate's system.txt: `{{name}}` becomes `{name}`, and every other
 * brace is written so promptgate reads it back literally (`{` as `{{`, and a `}` that closes
 * one as `}}`: load/template.ts's escapes). Returns the names it could not convert.
 */
export function toPromptgateTemplate(text: string): { template: string; unconvertible: string[] } {
  let template = '';
  let depth = 0;
  const unconvertible: string[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const rest = text.slice(index);
    const variable = /^\{\{([^{}]+?)\}\}/.exec(rest);
    if (variable) {
      const name = variable[1]!.trim();
      if (PLACEHOLDER_NAME.test(name)) {
        template += `{${name}}`;
        index += variable[0].length - 1;
        continue;
      }
      unconvertible.push(variable[1]!);
    }
    const char = text[index]!;
    if (char === '{') {
      template += '{{';
      depth += 1;
    } else if (char === '}' && depth > 0) {
      template += '}}';
      depth -= 1;
    } else {
      template += char;
    }
  }
  return { template, unconvertible };
}

/** `openai/gpt-4o-mini` → provider and model; other publishers keep their whole id. */
export function splitGitHubModel(model: string): { provider: 'openai'; model: string; exact: boolean } {
  const slash = model.indexOf('/');
  if (slash > 0 && model.slice(0, slash).toLowerCase() === 'openai')
    return { provider: 'openai', model: model.slice(slash + 1), exact: true };
  return { provider: 'openai', model, exact: false };
}

/** Text as a regular expression that matches it literally. */
export function literalPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
