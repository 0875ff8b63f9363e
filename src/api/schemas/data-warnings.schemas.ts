import { Type } from 'typebox';
import { DATA_WARNING_CODES } from '../../domain/data-warnings.ts';

/** What an answer needs the reader to know about the data behind it (domain/data-warnings.ts). */
export const DataWarning = Type.Object(
  {
    code: Type.Union(
      DATA_WARNING_CODES.map((c) => Type.Literal(c)),
      {
        description:
          'DEFAULT_CALENDAR: no business dates ingested, valued on weekdays up to the latest fact date. ' +
          'TRADES_WITHOUT_CASH: an EXPLICIT portfolio whose trades move no cash (purchases count as gains).',
      },
    ),
    message: Type.String({ description: 'In plain words, with what fixes it.' }),
  },
  { additionalProperties: false },
);

export const DataWarnings = Type.Array(DataWarning, {
  description: 'What the answer needs you to know about the data behind it; absent when nothing.',
});
