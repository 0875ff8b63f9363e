import { validationFailed } from '../../domain/errors.ts';

/** A start after the end is a mistake the client wants to hear about, not an empty list (422 on end_date). */
export function checkDateRange(range: { start_date?: string | undefined; end_date?: string | undefined }) {
  if (range.start_date && range.end_date && range.start_date > range.end_date) {
    throw validationFailed('invalid request querystring', [
      { index: 0, field: 'end_date', message: `must be on or after start_date (${range.start_date})` },
    ]);
  }
}
