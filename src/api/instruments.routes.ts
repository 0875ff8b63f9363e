import type { FastifyInstance } from 'fastify';
import type { System } from '../app/system.ts';
import { findInstruments, type InstrumentFilter } from '../store/queries/instruments.queries.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';
import { instrumentSchema, listInstrumentsSchema } from './schemas/instruments.schemas.ts';
import { withTrailingSlash } from './trailing-slash.ts';

interface InstrumentQuery extends InstrumentFilter {
  skip: number;
  limit: number;
}

export function registerInstrumentRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app, [instrumentSchema]);

  withTrailingSlash('/instruments', (url, hide) =>
    app.get<{ Querystring: InstrumentQuery }>(
      url,
      { schema: { ...listInstrumentsSchema, hide } },
      async (request) => {
        const { skip, limit, ...filter } = request.query;
        const page = await findInstruments(
          system.db,
          { ...filter, currency: filter.currency?.toUpperCase() },
          { skip, limit },
        );
        return { total: page.total, skip, limit, instruments: page.instruments };
      },
    ),
  );
}
