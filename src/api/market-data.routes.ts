import type { FastifyInstance } from 'fastify';
import { businessDatesOf, type DateRange, fxRatesOf, pricesOf } from '../app/services/facts.service.ts';
import type { System } from '../app/system.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';
import {
  listBusinessDatesSchema,
  listFxRatesSchema,
  listPricesSchema,
} from './schemas/market-data.schemas.ts';
import { withTrailingSlash } from './trailing-slash.ts';

export function registerMarketDataRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const { db } = system;

  withTrailingSlash('/prices', (url, hide) =>
    app.get<{ Querystring: DateRange & { security_id: string } }>(
      url,
      { schema: { ...listPricesSchema, hide } },
      async (request) => {
        const { security_id, ...range } = request.query;
        return pricesOf(db, security_id, range);
      },
    ),
  );

  withTrailingSlash('/fx-rates', (url, hide) =>
    app.get<{ Querystring: DateRange & { from_currency: string; to_currency: string } }>(
      url,
      { schema: { ...listFxRatesSchema, hide } },
      async (request) => {
        const { from_currency, to_currency, ...range } = request.query;
        return fxRatesOf(db, from_currency, to_currency, range);
      },
    ),
  );

  withTrailingSlash('/business-dates', (url, hide) =>
    app.get<{ Querystring: DateRange & { calendar_code: string } }>(
      url,
      { schema: { ...listBusinessDatesSchema, hide } },
      async (request) => {
        const { calendar_code, ...range } = request.query;
        return businessDatesOf(db, calendar_code, range);
      },
    ),
  );
}
