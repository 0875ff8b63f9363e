import { type Static, Type } from 'typebox';

/**
 * What an answer needs the reader to know about the data behind it (issue 14): a figure computed on the
 * default calendar, or a portfolio whose trades move no cash. Absent when there is nothing to say.
 */
export const DataWarning = Type.Object(
  {
    code: Type.Union([Type.Literal('DEFAULT_CALENDAR'), Type.Literal('TRADES_WITHOUT_CASH')], {
      description:
        'DEFAULT_CALENDAR: no business dates ingested, valued on weekdays up to the latest fact date. ' +
        'TRADES_WITHOUT_CASH: an EXPLICIT portfolio whose trades move no cash (purchases count as gains).',
    }),
    message: Type.String({ description: 'In plain words, with what fixes it.' }),
  },
  { additionalProperties: false },
);
export type DataWarning = Static<typeof DataWarning>;

export const DataWarnings = Type.Array(DataWarning, {
  description: 'What the answer needs you to know about the data behind it; absent when nothing.',
});
