import type { FastifyInstance } from 'fastify';
import type { System } from '../app/system.ts';
import {
  type DateRange,
  findBusinessDates,
  findFxRates,
  findPrices,
  latestBusinessDate,
} from '../store/queries/market-data.queries.ts';
import { addSharedSchemas, checkDateRange } from './schemas/common.schemas.ts';
import {
  listBusinessDatesSchema,
  listFxRatesSchema,
  listPricesSchema,
} from './schemas/market-data.schemas.ts';
import { withTrailingSlash } from './trailing-slash.ts';

export function registerMarketDataRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);

  withTrailingSlash('/prices', (url, hide) =>
    app.get<{ Querystring: DateRange & { security_id: string } }>(
      url,
      { schema: { ...listPricesSchema, hide } },
      async (request) => {
        const { security_id, ...range } = request.query;
        checkDateRange(range);
        return { security_id, prices: await findPrices(system.db, security_id, range) };
      },
    ),
  );

  withTrailingSlash('/fx-rates', (url, hide) =>
    app.get<{ Querystring: DateRange & { from_currency: string; to_currency: string } }>(
      url,
      { schema: { ...listFxRatesSchema, hide } },
      async (request) => {
        const { from_currency, to_currency, ...range } = request.query;
        checkDateRange(range);
        const from = from_currency.toUpperCase();
        const to = to_currency.toUpperCase();
        return { from_currency: from, to_currency: to, rates: await findFxRates(system.db, from, to, range) };
      },
    ),
  );

  withTrailingSlash('/business-dates', (url, hide) =>
    app.get<{ Querystring: DateRange & { calendar_code: string } }>(
      url,
      { schema: { ...listBusinessDatesSchema, hide } },
      async (request) => {
        const { calendar_code, ...range } = request.query;
        checkDateRange(range);
        return {
          calendar_code,
          business_dates: await findBusinessDates(system.db, calendar_code, range),
          latest_business_date: await latestBusinessDate(system.db, calendar_code),
        };
      },
    ),
  );
}
