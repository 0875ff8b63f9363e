import { AppError } from '../../errors.ts';
import { COUPON_FREQUENCIES, type CouponFrequency, type IsoDate } from '../../records/types.ts';
import { type Figure, undefinedBecause } from '../figure.ts';
import { analyseBond } from './bond.ts';
import type { DayCount } from './day-count.ts';

/** The terms an instrument may carry (all null when the client gave none). */
export interface HoldingBondTerms {
  maturity_date: IsoDate | null;
  issue_date: IsoDate | null;
  coupon_rate: string | null;
  coupon_frequency: CouponFrequency | null;
  day_count: DayCount | null;
}

export interface HoldingBondFigures {
  yield_to_maturity: Figure;
  macaulay_duration: Figure;
  modified_duration: Figure;
  convexity: Figure;
}

const allBecause = (reason: string): HoldingBondFigures => {
  const none = undefinedBecause(reason);
  return { yield_to_maturity: none, macaulay_duration: none, modified_duration: none, convexity: none };
};

/**
 * A bond holding's yield, durations and convexity on a date from its terms and its clean price per 100 of face
 * (the market price as ingested), by the bond analytics of POST /analytics/bonds (settlement = the date). Each
 * figure is null with the reason when the terms are not known, the bond has matured or there is no price.
 */
export function holdingBondFigures(
  terms: HoldingBondTerms,
  date: IsoDate,
  cleanPrice: number | null,
): HoldingBondFigures {
  const missing = (['maturity_date', 'coupon_rate', 'coupon_frequency', 'day_count'] as const).filter(
    (field) => terms[field] === null,
  );
  if (missing.length > 0)
    return allBecause(`the instrument's bond terms are not known: ${missing.join(', ')}`);
  if (terms.maturity_date! <= date) return allBecause(`the bond matured on ${terms.maturity_date}`);
  if (cleanPrice === null || !(cleanPrice > 0)) return allBecause('the bond has no price on the date');
  try {
    const { figures } = analyseBond({
      settlement_date: date,
      maturity_date: terms.maturity_date!,
      issue_date: terms.issue_date !== null && terms.issue_date <= date ? terms.issue_date : undefined,
      coupon_rate: Number(terms.coupon_rate),
      frequency: COUPON_FREQUENCIES[terms.coupon_frequency!],
      day_count: terms.day_count!,
      clean_price: cleanPrice,
    });
    return {
      yield_to_maturity: figures.ytm,
      macaulay_duration: figures.macaulay_duration,
      modified_duration: figures.modified_duration,
      convexity: figures.convexity,
    };
  } catch (error) {
    // Terms the bond analytics refuse (a maturity beyond 100 years, …) leave the figures undefined, not the answer.
    if (error instanceof AppError) {
      return allBecause(
        `the bond terms are invalid: ${error.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      );
    }
    throw error;
  }
}
