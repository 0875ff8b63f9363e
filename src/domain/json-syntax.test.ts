import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, lineAndColumn } from './json-syntax.ts';

describe('jsonErrorOffset', () => {
  it.each([
    ['{"transactions": [1,}', 20],
    ['{"transactions": [', 18],
    ['xyz', 0],
    ['{"a":1} x', 8],
    ['', 0],
    ['{"a":"b\nc"}', 7],
    ['[1,2,3x', 6],
    ['{"a" 1}', 5],
    ['[01]', 2],
    ['[1.]', 3],
    ['["\\x"]', 3],
    ['["\\u12G4"]', 6],
    ['[tru]', 4],
    ['{"a":1,}', 7],
    ['{,}', 1],
  ])('%j → %i', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('finds no error in any JSON text, and agrees with JSON.parse on what is JSON', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(jsonErrorOffset(text)).toBe(-1);
      }),
    );
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.string({ maxLength: 2 }), (text, at, noise) => {
        const broken = text.slice(0, at % (text.length + 1)) + noise + text.slice(at % (text.length + 1));
        let valid = true;
        try {
          JSON.parse(broken);
        } catch {
          valid = false;
        }
        expect(jsonErrorOffset(broken) === -1).toBe(valid);
      }),
    );
  });

  it('counts lines and columns from 1', () => {
    expect(lineAndColumn('{\n  "a": x}', 9)).toEqual({ line: 2, column: 8 });
  });
});
