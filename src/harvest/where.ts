import { InputError } from '../lib/diagnostics.js';

/*
 * `--where EXPR`: which production executions harvest takes. A small expression language, parsed
 * here by hand into a tree and evaluated against each execution; nothing is ever evaluated as
 * code. The grammar (docs/monitor.md, "harvest"):
 *
 *   expr       := or
 *   or         := and (("or" | "||") and)*
 *   and        := not (("and" | "&&") not)*
 *   not        := ("not" | "!") not | primary
 *   primary    := "(" expr ")" | field op literal | field
 *   op         := "==" | "!=" | "<" | "<=" | ">" | ">="
 *   literal    := number | "true" | "false" | "null" | "…" | '…'
 *   field      := name ("." name | "[" digits "]")*
 *
 * A field alone is true when its value is true, a non-zero number or a non-empty string
 * (`error`, `escalate`). A comparison with a missing field, or of a string with `<`, is false.
 */

export type Literal = number | string | boolean | null;
export type Operator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type Expression =
  | { kind: 'or' | 'and'; left: Expression; right: Expression }
  | { kind: 'not'; operand: Expression }
  | { kind: 'compare'; field: string; op: Operator; value: Literal }
  | { kind: 'truthy'; field: string };

/** Reads a field of one execution; undefined when it has none. */
export type FieldReader = (field: string) => Literal | undefined;

type Token = { type: 'op' | 'paren' | 'word' | 'number' | 'string' | 'logic'; text: string; at: number; value?: Literal };

const MAX_LENGTH = 1000;

export function parseWhere(text: string, source = '--where'): Expression {
  const fail = (message: string, at?: number): never => {
    throw new InputError({ file: source, message: at === undefined ? message : `${message} (at character ${at + 1} of "${text}")` });
  };
  if (text.length > MAX_LENGTH) fail(`is longer than ${MAX_LENGTH} characters`);
  const tokens = tokenize(text, fail);
  if (tokens.length === 0) fail('is empty: write e.g. "confidence < 0.6", "escalate == true" or "error"');
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];

  const parseOr = (): Expression => {
    let left = parseAnd();
    while (peek()?.type === 'logic' && peek()!.text === 'or') {
      next();
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Expression => {
    let left = parseNot();
    while (peek()?.type === 'logic' && peek()!.text === 'and') {
      next();
      left = { kind: 'and', left, right: parseNot() };
    }
    return left;
  };
  const parseNot = (): Expression => {
    if (peek()?.type === 'logic' && peek()!.text === 'not') {
      next();
      return { kind: 'not', operand: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): Expression => {
    const token = next();
    if (!token) return fail('ends too early: a field or "(" was expected');
    if (token.type === 'paren' && token.text === '(') {
      const inner = parseOr();
      const close = next();
      if (!close || close.text !== ')') fail('has a "(" without its ")"', token.at);
      return inner;
    }
    if (token.type !== 'word') return fail(`expected a field name, got "${token.text}"`, token.at);
    if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*|\[\d+\])*$/.test(token.text)) fail(`"${token.text}" is not a field name`, token.at);
    if (peek()?.type !== 'op') return { kind: 'truthy', field: token.text };
    const op = next()!.text as Operator;
    const literal = next();
    if (!literal || !(literal.type === 'number' || literal.type === 'string' || (literal.type === 'word' && isKeyword(literal.text)))) {
      return fail(`"${token.text} ${op}" needs a number, true, false, null or a quoted string after it`, literal?.at ?? text.length);
    }
    const value = literal.type === 'word' ? keyword(literal.text) : literal.value!;
    return { kind: 'compare', field: token.text, op, value };
  };

  const expression = parseOr();
  const extra = peek();
  if (extra) fail(`has "${extra.text}" where the expression should end (join conditions with and / or)`, extra.at);
  return expression;
}

const isKeyword = (word: string) => word === 'true' || word === 'false' || word === 'null';
const keyword = (word: string): Literal => (word === 'null' ? null : word === 'true');

function tokenize(text: string, fail: (message: string, at?: number) => never): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const op = /^(==|!=|<=|>=|<|>)/.exec(rest);
    if (op) {
      tokens.push({ type: 'op', text: op[1]!, at });
      at += op[1]!.length;
      continue;
    }
    const logic = /^(&&|\|\||!)/.exec(rest);
    if (logic) {
      tokens.push({ type: 'logic', text: logic[1] === '&&' ? 'and' : logic[1] === '||' ? 'or' : 'not', at });
      at += logic[1]!.length;
      continue;
    }
    if (rest[0] === '(' || rest[0] === ')') {
      tokens.push({ type: 'paren', text: rest[0], at });
      at += 1;
      continue;
    }
    const number = /^-?(\d+(\.\d+)?|\.\d+)(?![\w.])/.exec(rest);
    if (number) {
      tokens.push({ type: 'number', text: number[0], at, value: Number(number[0]) });
      at += number[0].length;
      continue;
    }
    if (rest[0] === '"' || rest[0] === "'") {
      const quote = rest[0];
      let value = '';
      let index = 1;
      for (; index < rest.length && rest[index] !== quote; index += 1) {
        if (rest[index] === '\\' && index + 1 < rest.length) index += 1;
        value += rest[index];
      }
      if (index >= rest.length) fail('has a string without its closing quote', at);
      tokens.push({ type: 'string', text: rest.slice(0, index + 1), at, value });
      at += index + 1;
      continue;
    }
    const word = /^[A-Za-z_][\w.[\]-]*/.exec(rest);
    if (word) {
      const lower = word[0].toLowerCase();
      if (lower === 'and' || lower === 'or' || lower === 'not') tokens.push({ type: 'logic', text: lower, at });
      else tokens.push({ type: 'word', text: word[0], at });
      at += word[0].length;
      continue;
    }
    fail(`cannot read "${rest[0]}"`, at);
  }
  return tokens;
}

export function evaluateWhere(expression: Expression, read: FieldReader): boolean {
  switch (expression.kind) {
    case 'or':
      return evaluateWhere(expression.left, read) || evaluateWhere(expression.right, read);
    case 'and':
      return evaluateWhere(expression.left, read) && evaluateWhere(expression.right, read);
    case 'not':
      return !evaluateWhere(expression.operand, read);
    case 'truthy': {
      const value = read(expression.field);
      return value === true || (typeof value === 'number' && value !== 0) || (typeof value === 'string' && value !== '');
    }
    case 'compare':
      return compare(read(expression.field), expression.op, expression.value);
  }
}

function compare(actual: Literal | undefined, op: Operator, expected: Literal): boolean {
  if (actual === undefined) return false;
  if (op === '==') return actual === expected;
  if (op === '!=') return actual !== expected;
  if (typeof actual !== 'number' || typeof expected !== 'number') return false;
  switch (op) {
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
  }
}
