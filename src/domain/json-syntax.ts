/**
 * Where a JSON text first goes wrong, for the MALFORMED_JSON problem. V8's JSON.parse names a position for
 * some errors only ("Unexpected token '}', ..."ions": [1,}" is not valid JSON" has none), so on the error path
 * the text is scanned once more by this small recogniser. It builds nothing; JSON.parse stays the parser.
 */

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const ESCAPES = new Set([...'"\\/bfnrtu'].map((ch) => ch.charCodeAt(0)));

/** The offset (UTF-16 code units) of the first character that cannot continue a JSON text; -1 if valid. */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  let i = 0;
  const stack: number[] = []; // 0x7b '{' or 0x5b '['
  const skipSpace = () => {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
  };
  /** Scans a string starting at its quote; false when it is broken at i. */
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text.charCodeAt(i + 1);
        if (!ESCAPES.has(e)) {
          i++;
          return false;
        }
        if (e === 0x75) {
          for (let k = 2; k < 6; k++) {
            if (!isHex(text.charCodeAt(i + k))) {
              i += k;
              return false;
            }
          }
          i += 6;
        } else i += 2;
      } else i++;
    }
    return false;
  };
  const digits = (): boolean => {
    const start = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    return i > start;
  };
  const number = (): boolean => {
    if (text.charCodeAt(i) === 0x2d) i++;
    if (text.charCodeAt(i) === 0x30) i++;
    else if (!digits()) return false;
    if (text.charCodeAt(i) === 0x2e) {
      i++;
      if (!digits()) return false;
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      if (!digits()) return false;
    }
    return true;
  };
  const literal = (word: string): boolean => {
    for (let k = 0; k < word.length; k++, i++) if (text.charCodeAt(i) !== word.charCodeAt(k)) return false;
    return true;
  };
  /** One value; containers are opened here and closed by the loop below. */
  const value = (): boolean => {
    skipSpace();
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      stack.push(c);
      i++;
      skipSpace();
      if (text.charCodeAt(i) === (c === 0x7b ? 0x7d : 0x5d)) {
        stack.pop();
        i++;
        return true;
      }
      return c === 0x7b ? member() : value();
    }
    if (c === 0x22) return string();
    if (c === 0x2d || isDigit(c)) return number();
    if (c === 0x74) return literal('true');
    if (c === 0x66) return literal('false');
    if (c === 0x6e) return literal('null');
    return false;
  };
  const member = (): boolean => {
    skipSpace();
    if (text.charCodeAt(i) !== 0x22 || !string()) return false;
    skipSpace();
    if (text.charCodeAt(i) !== 0x3a) return false;
    i++;
    return value();
  };
  if (!value()) return Math.min(i, n);
  for (;;) {
    skipSpace();
    const top = stack[stack.length - 1];
    if (top === undefined) return i < n ? i : -1;
    const c = text.charCodeAt(i);
    if (c === 0x2c) {
      i++;
      if (!(top === 0x7b ? member() : value())) return Math.min(i, n);
    } else if (c === (top === 0x7b ? 0x7d : 0x5d)) {
      stack.pop();
      i++;
    } else return Math.min(i, n);
  }
}

/** 1-based line and column of an offset, as editors count them. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
