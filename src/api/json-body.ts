import { AppError, badRequest, validationFailed } from '../domain/errors.ts';
import { jsonErrorOffset, lineAndColumn } from '../domain/json-syntax.ts';

/**
 * A JSON request body read the one way every request's is, on the event loop's thread or on the body thread
 * (json-body-thread.ts): UTF-8 (fatal), parsed, nested at most MAX_JSON_DEPTH deep, no NUL or lone surrogate in
 * any string, no key that could reach a prototype. Imports nothing from Fastify: the body thread runs it too.
 */

/** Far deeper than any request body this API defines (records and analytics options nest a few levels). */
export const MAX_JSON_DEPTH = 32;

/** Cheap tests per string; the precise one runs only on the rare string that holds a surrogate. */
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What a string may not hold: PostgreSQL refuses NUL, and a lone surrogate has no UTF-8 form. */
export function badCharacter(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain a NUL character (U+0000)';
  if (SURROGATE.test(text) && LONE_SURROGATE.test(text))
    return 'must not contain a lone surrogate (unpaired UTF-16 code unit)';
  return undefined;
}

type Segment = string | number;

const fieldName = (path: readonly Segment[]): string =>
  path.reduce<string>((name, s) => (typeof s === 'number' ? `${name}[${s}]` : name ? `${name}.${s}` : s), '');

/**
 * The first string (value or key) of a parsed JSON value that breaks badCharacter, or a nesting deeper than
 * MAX_JSON_DEPTH. The recursion is bounded by that depth.
 */
function checkJson(value: unknown, path: Segment[], depth: number) {
  if (typeof value === 'string') {
    const problem = badCharacter(value);
    if (problem) {
      const index = path.find((s) => typeof s === 'number') ?? 0;
      throw validationFailed('invalid request body', [
        { index, field: fieldName(path) || 'body', message: problem },
      ]);
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_JSON_DEPTH) {
    throw new AppError(
      'JSON_TOO_DEEP',
      `the JSON body is nested more than ${MAX_JSON_DEPTH} levels deep (at ${fieldName(path) || 'body'})`,
    );
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      checkJson(value[i], path, depth + 1);
      path.pop();
    }
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    path.push(key);
    // As Fastify's own JSON parser did: keys that could reach a prototype when copied are refused.
    const child = record[key];
    if (
      key === '__proto__' ||
      (key === 'constructor' && child !== null && typeof child === 'object' && 'prototype' in child)
    ) {
      throw badRequest(`the body has a forbidden key at ${fieldName(path)} (prototype pollution)`);
    }
    checkJson(key, path, depth + 1);
    checkJson(child, path, depth + 1);
    path.pop();
  }
}

/** The body's text and value; AppError BAD_REQUEST, MALFORMED_JSON, JSON_TOO_DEEP or VALIDATION_FAILED. */
export function readJsonBody(body: Uint8Array): { text: string; value: unknown } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    throw badRequest('the body is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const position = Math.max(jsonErrorOffset(text), 0);
    const { line, column } = lineAndColumn(text, position);
    throw new AppError(
      'MALFORMED_JSON',
      `the body is not valid JSON at position ${position} (line ${line}, column ${column}): ${(error as Error).message}`,
      [],
      { position, line, column },
    );
  }
  checkJson(value, [], 0);
  return { text, value };
}
