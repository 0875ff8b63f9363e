/**
 * What an answer needs the reader to know about the data behind it (issue 14). The codes are one list here;
 * the response schema (api/schemas/data-warnings.schemas.ts) is built from it.
 * - DEFAULT_CALENDAR: no business dates ingested; valued on weekdays up to the latest fact date.
 * - TRADES_WITHOUT_CASH: an EXPLICIT portfolio whose trades move no cash (purchases count as gains).
 */
export const DATA_WARNING_CODES = ['DEFAULT_CALENDAR', 'TRADES_WITHOUT_CASH'] as const;

export const TRADES_WITHOUT_CASH_NOTE =
  'trades without cash legs: purchases count as gains and sales as losses. Book the cash side of each trade ' +
  'on a cash instrument, or set the portfolio’s cash_mode to AUTO so the system books it';
