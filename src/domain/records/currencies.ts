import { codes, publishDate } from 'currency-codes';

/**
 * The active ISO 4217 codes (list one), from the currency-codes package, pinned to an exact version in
 * package.json: updating the list is a deliberate dependency bump. Three letters alone are not enough: a
 * mistyped code (`ZZZ`) would otherwise become a currency with no FX rate, and every position in it unvalued.
 */
export const ISO_4217_CODES: ReadonlySet<string> = new Set(codes());

/** The date of the ISO 4217 publication the list follows. */
export const ISO_4217_PUBLISHED: string = publishDate;
