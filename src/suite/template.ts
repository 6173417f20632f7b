import { InputError } from '../diagnostics.js';
import type { ChatMessage } from '../providers/types.js';
import type { PromptFolder, TestCase } from './types.js';
import { shortToken } from './quote.js';

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
  let output = '';
  const missing = new Map<string, Placeholder>();
  for (const piece of parseTemplate(template)) {
    if ('text' in piece) {
      output += piece.text;
      continue;
    }
    const { name } = piece.placeholder;
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
    if (value === undefined) {
      if (!missing.has(name)) missing.set(name, piece.placeholder);
      continue;
    }
    output += value;
  }
  if (missing.size > 0) throw missingPlaceholders([...missing.values()], file);
  return output;
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
export function renderMessages(folder: PromptFolder, test: TestCase): ChatMessage[] {
  const vars = { ...folder.settings.variables, ...test.vars };
  return [
    { role: 'system', content: renderTemplate(folder.systemTemplate, vars, folder.systemFile) },
    ...folder.examples,
    ...(test.messages ?? []),
    { role: 'user', content: test.input },
  ];
}
