import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bulkConcentrationOf,
  findingsOf,
  issuerConcentrationOf,
  UNCLASSIFIED,
  type WeighedPosition,
} from './concentration.ts';

const position = (
  security_id: string,
  market_value: number,
  over: Partial<WeighedPosition> = {},
): WeighedPosition => ({
  security_id,
  market_value,
  issuer_id: null,
  issuer_name: null,
  ultimate_parent_issuer_id: null,
  ultimate_parent_issuer_name: null,
  ...over,
});

/** 1,000 in four positions: weights 0.5, 0.3, 0.15, 0.05. A and B share the parent P; D names no issuer. */
const BOOK = [
  position('B', 300, { issuer_id: 'Y', issuer_name: 'Why Ltd', ultimate_parent_issuer_id: 'P' }),
  position('A', 500, {
    issuer_id: 'X',
    issuer_name: 'Ex Ltd',
    ultimate_parent_issuer_id: 'P',
    ultimate_parent_issuer_name: 'Parent Plc',
  }),
  position('C', 150, { issuer_id: 'Z', issuer_name: 'Zed Corp' }),
  position('D', 50),
];

const TOL = 1e-12;

describe('bulk concentration', () => {
  it('weighs positions by market value: largest weight, top-n sums, HHI by hand', () => {
    const bulk = bulkConcentrationOf(BOOK, [1, 2, 5]);
    expect(bulk.total_market_value).toBe(1000);
    expect(bulk.weights.map((w) => [w.security_id, w.weight])).toEqual([
      ['A', 0.5],
      ['B', 0.3],
      ['C', 0.15],
      ['D', 0.05],
    ]);
    expect(bulk.single_position_weight.value).toBe(0.5);
    expect(bulk.largest_position).toBe('A');
    expect(bulk.top_n_weights.get(1)?.value).toBeCloseTo(0.5, 12);
    expect(bulk.top_n_weights.get(2)?.value).toBeCloseTo(0.8, 12);
    // Fewer positions than n: every position.
    expect(bulk.top_n_weights.get(5)?.value).toBeCloseTo(1, 12);
    // 0.25 + 0.09 + 0.0225 + 0.0025
    expect(bulk.hhi.value).toBeCloseTo(0.365, 12);
    expect(bulk.effective_number.value).toBeCloseTo(1 / 0.365, 12);
  });

  it('is undefined, with the reason, without valued positions or with a total of 0 or less', () => {
    const empty = bulkConcentrationOf([], [5]);
    expect(empty.hhi).toEqual({ value: null, reason: 'no valued position on the date' });
    expect(empty.top_n_weights.get(5)).toEqual({ value: null, reason: 'no valued position on the date' });
    expect(empty.single_position_weight.value).toBeNull();
    const netZero = bulkConcentrationOf([position('S', 100), position('CASH', -100)], [5]);
    expect(netZero.hhi).toEqual({ value: null, reason: 'the total market value is 0' });
    const negative = bulkConcentrationOf([position('CASH', -10)], [5]);
    expect(negative.hhi.reason).toBe('the total market value is negative');
  });

  it('orders equal weights by security id', () => {
    const bulk = bulkConcentrationOf([position('Z', 1), position('A', 1)], [1]);
    expect(bulk.largest_position).toBe('A');
    expect(bulk.hhi.value).toBeCloseTo(0.5, 12);
  });
});

describe('issuer concentration', () => {
  it('groups by ultimate parent, else issuer, else UNCLASSIFIED, and reports issuer names', () => {
    const issuers = issuerConcentrationOf(BOOK);
    expect(issuers.exposures).toEqual([
      // The original reported the parent id as issuer_name; the name is the issuer's own.
      { issuer_id: 'P', issuer_name: 'Parent Plc', exposure: 800, weight: 0.8, position_count: 2 },
      { issuer_id: 'Z', issuer_name: 'Zed Corp', exposure: 150, weight: 0.15, position_count: 1 },
      { issuer_id: UNCLASSIFIED, issuer_name: UNCLASSIFIED, exposure: 50, weight: 0.05, position_count: 1 },
    ]);
    expect(issuers.issuer_count).toBe(3);
    // 0.64 + 0.0225 + 0.0025
    expect(issuers.hhi.value).toBeCloseTo(0.665, 12);
  });

  it('names an issuer by its id when no position gives its name', () => {
    const issuers = issuerConcentrationOf([position('A', 1, { ultimate_parent_issuer_id: 'P' })]);
    expect(issuers.exposures[0]).toMatchObject({ issuer_id: 'P', issuer_name: 'P', weight: 1 });
  });

  it('counts each position of unknown issuer as an issuer of its own in the HHI', () => {
    const issuers = issuerConcentrationOf([
      position('A', 1),
      position('B', 1),
      position('C', 2, { issuer_id: 'I' }),
    ]);
    expect(issuers.exposures.map((e) => [e.issuer_id, e.weight])).toEqual([
      ['I', 0.5],
      [UNCLASSIFIED, 0.5],
    ]);
    // 0.5² + 0.25² + 0.25², not 0.5² + 0.5²
    expect(issuers.hhi.value).toBeCloseTo(0.375, 12);
  });
});

describe('findings', () => {
  it('lists every figure strictly above its limit, and nothing for a diversified book', () => {
    const limits = { single_position_weight: 0.15, issuer_weight: 0.1, hhi: 0.4 };
    const findings = findingsOf(bulkConcentrationOf(BOOK, [5]), issuerConcentrationOf(BOOK), limits);
    expect(findings.map((f) => [f.metric, f.subject, f.value])).toEqual([
      ['SINGLE_POSITION_WEIGHT', 'A', 0.5],
      ['SINGLE_POSITION_WEIGHT', 'B', 0.3],
      // C weighs 0.15: at the limit, not above it. The position HHI 0.365 is within 0.4.
      ['ISSUER_WEIGHT', 'P', 0.8],
      ['ISSUER_WEIGHT', 'Z', 0.15],
      ['ISSUER_HHI', null, expect.closeTo(0.665, 12)],
    ]);
    expect(findings[0]?.message).toBe('A weighs 50.00 %, above the 15.00 % limit');
    const twenty = Array.from({ length: 20 }, (_, i) => position(`S${i}`, 5, { issuer_id: `I${i}` }));
    expect(findingsOf(bulkConcentrationOf(twenty, [5]), issuerConcentrationOf(twenty), limits)).toEqual([]);
  });
});

describe('properties', () => {
  const books = fc.array(
    fc.record({
      value: fc.double({ min: 0.01, max: 1e9, noNaN: true }),
      issuer: fc.option(fc.constantFrom('I1', 'I2', 'I3'), { nil: null }),
    }),
    { minLength: 1, maxLength: 30 },
  );
  const toPositions = (book: Array<{ value: number; issuer: string | null }>) =>
    book.map((b, i) => position(`S${i}`, b.value, { issuer_id: b.issuer }));

  it('long-only: 1/n ≤ HHI ≤ 1, largest ≤ top-n ≤ 1, top-n of every position is 1', () => {
    fc.assert(
      fc.property(books, (book) => {
        const positions = toPositions(book);
        const n = positions.length;
        const bulk = bulkConcentrationOf(positions, [3, n]);
        const hhi = bulk.hhi.value!;
        expect(hhi).toBeGreaterThanOrEqual(1 / n - TOL);
        expect(hhi).toBeLessThanOrEqual(1 + TOL);
        const top3 = bulk.top_n_weights.get(3)!.value!;
        expect(top3).toBeGreaterThanOrEqual(bulk.single_position_weight.value! - TOL);
        expect(top3).toBeLessThanOrEqual(1 + TOL);
        expect(bulk.top_n_weights.get(n)!.value).toBeCloseTo(1, 9);
      }),
    );
  });

  it('merging positions into issuers never lowers the HHI; issuer weights sum to 1', () => {
    fc.assert(
      fc.property(books, (book) => {
        const positions = toPositions(book);
        const issuers = issuerConcentrationOf(positions);
        expect(issuers.hhi.value!).toBeGreaterThanOrEqual(
          bulkConcentrationOf(positions, []).hhi.value! - TOL,
        );
        expect(issuers.exposures.reduce((s, e) => s + e.weight, 0)).toBeCloseTo(1, 9);
      }),
    );
  });
});
