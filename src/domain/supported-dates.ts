/**
 * The calendar range every stored date and instant must lie in (instants as UTC). PostgreSQL itself takes far
 * more, but the edges break elsewhere: a derived query for the day before `0001-01-01` asks for year 0, JS
 * renders years above 9999 with a sign, and no portfolio holds a trade from before 1900 or after 2199.
 * Refusing such dates at the API keeps one absurd record from reaching a stage that cannot store it.
 */
export const SUPPORTED_DATES = { first: '1900-01-01', last: '2199-12-31' } as const;

export const SUPPORTED_DATES_TEXT = `${SUPPORTED_DATES.first} … ${SUPPORTED_DATES.last}`;

/**
 * The same range as a JSON Schema pattern, for query and body dates checked by the API's schemas (together with
 * format: date, which checks the calendar). supported-dates.test.ts proves it agrees with SUPPORTED_DATES.
 */
export const SUPPORTED_DATE_PATTERN = '^(19\\d\\d|2[01]\\d\\d)-\\d\\d-\\d\\d$';

/** True for a 'YYYY-MM-DD' (or a longer ISO-8601 text starting with one) inside SUPPORTED_DATES. */
export function isSupportedDate(isoText: string): boolean {
  const day = isoText.slice(0, 10);
  return /^\d{4}-\d\d-\d\d$/.test(day) && day >= SUPPORTED_DATES.first && day <= SUPPORTED_DATES.last;
}
