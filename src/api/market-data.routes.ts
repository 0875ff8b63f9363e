import type { FastifyInstance } from 'fastify';
import { businessDatesOf, type DateRange, fxRatesOf, pricesOf } from '../app/services/facts.service.ts';
import type { System } from '../app/system.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';
import {
  listBusinessDatesSchema,
  listFxRatesSchema,
  listPricesSchema,
} from './schemas/market-data.schemas.ts';
import { getList } from './trailing-slash.ts';

export function registerMarketDataRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const { db } = system;

  type Range<T> = DateRange & T;
  getList<Range<{ security_id: string }>>(app, '/prices', listPricesSchema, ({ security_id, ...range }) =>
    pricesOf(db, security_id, range),
  );
  getList<Range<{ from_currency: string; to_currency: string }>>(
    app,
    '/fx-rates',
    listFxRatesSchema,
    ({ from_currency, to_currency, ...range }) => fxRatesOf(db, from_currency, to_currency, range),
  );
  getList<Range<{ calendar_code: string }>>(
    app,
    '/business-dates',
    listBusinessDatesSchema,
    ({ calendar_code, ...range }) => businessDatesOf(db, calendar_code, range),
  );
}
