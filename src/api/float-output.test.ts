import { describe, expect, it } from 'vitest';
import { tidyFloats } from './float-output.ts';

describe('tidyFloats', () => {
  it('drops binary artefacts and keeps 15 significant digits', () => {
    expect(tidyFloats(7705.877100000001)).toBe(7705.8771);
    expect(tidyFloats(0.1 + 0.2)).toBe(0.3);
    expect(tidyFloats(1 / 3)).toBe(0.333333333333333);
    expect(tidyFloats(123456.78901234567)).toBe(123456.789012346);
  });

  it('leaves integers, non-finite numbers, strings and nulls alone, deep inside objects and arrays', () => {
    const payload = {
      a: 3,
      b: '0.30000000000000004',
      c: null,
      d: [0.1 + 0.2, { e: 2 ** 60 }],
      f: Number.NaN,
    };
    expect(tidyFloats(payload)).toEqual({
      a: 3,
      b: '0.30000000000000004',
      c: null,
      d: [0.3, { e: 2 ** 60 }],
      f: Number.NaN,
    });
  });
});
