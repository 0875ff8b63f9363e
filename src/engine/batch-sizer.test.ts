import { describe, expect, it } from 'vitest';
import { BatchSizer } from './batch-sizer.ts';

describe('BatchSizer', () => {
  it('starts small when sized by time (the first batch is unmeasured), at the maximum when not', () => {
    expect(new BatchSizer(5_000, 200).size).toBe(100);
    expect(new BatchSizer(50, 200).size).toBe(50);
    expect(new BatchSizer(5_000, 0).size).toBe(5_000);
  });

  it('shrinks at once to what fits the target at the last batch rate', () => {
    const sizer = new BatchSizer(5_000, 200);
    for (let i = 0; i < 6; i++) sizer.record(sizer.size, 1); // 100 → 200 → … → 3,200 → 5,000
    expect(sizer.size).toBe(5_000);
    sizer.record(5_000, 1_000); // 5 records per ms: 200 ms hold 1,000
    expect(sizer.size).toBe(1_000);
    sizer.record(50, 1_000); // a heavier kind of record: 0.05 per ms
    expect(sizer.size).toBe(10);
  });

  it('grows at most twofold per batch and never beyond the maximum', () => {
    const sizer = new BatchSizer(1_000, 200);
    sizer.record(1_000, 2_000);
    expect(sizer.size).toBe(100);
    sizer.record(100, 200); // exactly on target: stays
    expect(sizer.size).toBe(100);
    sizer.record(100, 1); // very fast: would fit 20,000
    expect(sizer.size).toBe(200);
    for (let i = 0; i < 10; i++) sizer.record(sizer.size, 1);
    expect(sizer.size).toBe(1_000);
  });

  it('never goes below one record, and a target of 0 keeps the maximum', () => {
    const sizer = new BatchSizer(100, 200);
    sizer.record(1, 60_000);
    expect(sizer.size).toBe(1);
    const fixed = new BatchSizer(100, 0);
    fixed.record(100, 60_000);
    expect(fixed.size).toBe(100);
  });
});
