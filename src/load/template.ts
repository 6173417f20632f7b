import { InputError } from '../lib/diagnostics.js';
import type { ChatMessage } from '../providers/types.js';
import type { PromptTurn, RequestFolder } from './types.js';
import { shortToken } from '../lib/quote.js';

/*
 * The system prompt template language, deliberately tiny:
 *
 * - `{name}` is a placeholder when `name` is an identifier: a letter or `_`, then letters,
 *   digits, `_`, `.` or `-` (`{user_tier}`, `{customer.name}`).
 * - Any other brace is literal text, so prompts that show JSON (`{"intent": "..."}`) or code
 *   keep working without escaping.
 * - `{{` is a literal `{`. `}}` is a literal `}` when it closes an earlier `{{`; an unpaired
 *   `}}` stays as written, because nested JSON in a prompt ends in `}}` and must not lose a
 *   brace silently.
 * - A placeholder without a value is an error naming the file, line and variable.
 */

interface Placeholder {
  name: string;
  /** 1-based line of the opening brace, for the error a missing value raises. */
  line: number;
}

type Piece = { text: string } | { placeholder: Placeholder };

const IDENTIFIER = /\{([A-Za-z_][A-Za-z0-9_.-]*)\}/y;

/** Every test renders the same few templates: parse each once. */
const parsedTemplates = new Map<string, Piece[]>();

function parseTemplate(template: string): Piece[] {
  let pieces = parsedTemplates.get(template);
  if (!pieces) {
    pieces = parseTemplateUncached(template);
    parsedTemplates.set(template, pieces);
  }
  return pieces;
}

function parseTemplateUncached(template: string): Piece[] {
  const pieces: Piece[] = [];
  let text = '';
  let line = 1;
  let openEscapes = 0;
  let index = 0;
  while (index < template.length) {
    const char = template[index]!;
    if (char === '{' && template[index + 1] === '{') {
      text += '{';
      openEscapes += 1;
      index += 2;
      continue;
    }
    if (char === '}' && template[index + 1] === '}' && openEscapes > 0) {
      text += '}';
      openEscapes -= 1;
      index += 2;
      continue;
    }
    if (char === '{') {
      IDENTIFIER.lastIndex = index;
      const match = IDENTIFIER.exec(template);
      if (match) {
        if (text) pieces.push({ text });
        text = '';
        pieces.push({ placeholder: { name: match[1]!, line } });
        index += match[0].length;
        continue;
      }
    }
    if (char === '\n') line += 1;
    text += char;
    index += 1;
  }
  if (text) pieces.push({ text });
  return pieces;
}

/**
 * Fills the placeholders; throws one InputError (file, line, variables) naming every
 * placeholder without a value, so a template missing nine gets one message, not nine runs.
 */
export function renderTemplate(template: string, vars: Record<string, string>, file: string): string {
  const pieces = parseTemplate(template);
  let output = '';
  for (const piece of pieces) {
    if ('text' in piece) output += piece.text;
    else if (Object.hasOwn(vars, piece.placeholder.name)) output += vars[piece.placeholder.name]!;
    else throw missingPlaceholders(missingIn(pieces, vars), file);
  }
  return output;
}

/**
 * Throws the error renderTemplate would, without rendering: a folder checks each test's
 * variables as it loads, and a rendered prompt per test would be garbage at once.
 */
export function checkPlaceholders(template: string, vars: Record<string, string>, file: string): void {
  const missing = missingIn(parseTemplate(template), vars);
  if (missing.length > 0) throw missingPlaceholders(missing, file);
}

/** Every placeholder of a template, once, in the order of first use (`promptgate types` types them). */
export function placeholderNames(template: string): string[] {
  return missingIn(parseTemplate(template), {}).map((placeholder) => placeholder.name);
}

/** Each placeholder without a value, once, in the order of first use. */
function missingIn(pieces: readonly Piece[], vars: Record<string, string>): Placeholder[] {
  const missing: Placeholder[] = [];
  // Called for every test as a folder loads: a plain loop, no iterator or map when nothing is missing.
  for (let index = 0; index < pieces.length; index += 1) {
    const piece = pieces[index]!;
    if (!('placeholder' in piece) || Object.hasOwn(vars, piece.placeholder.name)) continue;
    if (!missing.some((placeholder) => placeholder.name === piece.placeholder.name)) missing.push(piece.placeholder);
  }
  return missing;
}

/** The message names the placeholders only (each shortened), never the text around them. */
function missingPlaceholders(missing: Placeholder[], file: string): InputError {
  const first = missing[0]!;
  const shown = shortToken(first.name);
  if (missing.length === 1) {
    return new InputError({
      file,
      line: first.line,
      field: shown,
      message: `placeholder {${shown}} has no value; set it in the test's vars or in prompt.yaml variables (write {{${shown}}} if the braces are meant literally)`,
    });
  }
  const listed = missing.map((placeholder) => `{${shortToken(placeholder.name)}} (line ${placeholder.line})`).join(', ');
  return new InputError({
    file,
    line: first.line,
    field: shown,
    message: `${missing.length} placeholders have no value: ${listed}; set them in the test's vars or in prompt.yaml variables (write {{name}} if the braces are meant literally)`,
  });
}

/**
 * The conversation sent for one test: the rendered system prompt (prompt.yaml variables,
 * overridden by the test's vars), the few-shot examples, the test's prior turns (`messages:`),
 * then the test's input. The input is sent verbatim, never rendered: it stands for what a
 * user types, and users type braces.
 */
export function renderMessages(folder: RequestFolder, test: PromptTurn): ChatMessage[] {
  return [
    { role: 'system', content: systemPromptFor(folder, test) },
    ...folder.examples,
    ...(test.messages ?? []),
    { role: 'user', content: test.input },
  ];
}

/** prompt.yaml `variables`, overridden by a test's `vars`: the defaults themselves when it has none. */
export function testVariables(defaults: Record<string, string>, own: Record<string, string>): Record<string, string> {
  return Object.keys(own).length === 0 ? defaults : { ...defaults, ...own };
}

/**
 * A test without vars of its own gets the folder's system prompt, rendered once: a suite's
 * prompt (often kilobytes) is not rebuilt, nor held twice, for each of its tests.
 */
const sharedSystemPrompts = new WeakMap<RequestFolder, string>();
function systemPromptFor(folder: RequestFolder, test: PromptTurn): string {
  const vars = testVariables(folder.settings.variables, test.vars);
  if (vars !== folder.settings.variables) return renderTemplate(folder.systemTemplate, vars, folder.systemFile);
  let prompt = sharedSystemPrompts.get(folder);
  if (prompt === undefined) {
    prompt = renderTemplate(folder.systemTemplate, vars, folder.systemFile);
    sharedSystemPrompts.set(folder, prompt);
  }
  return prompt;
}
