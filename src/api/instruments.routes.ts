import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { System } from '../app/system.ts';
import { findInstruments } from '../store/queries/instruments.queries.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';
import { instrumentSchema, listInstrumentsSchema } from './schemas/instruments.schemas.ts';
import { withTrailingSlash } from './trailing-slash.ts';

export function registerInstrumentRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app, [instrumentSchema]);

  withTrailingSlash('/instruments', (url, hide) =>
    app.get<{ Querystring: Static<typeof listInstrumentsSchema.querystring> }>(
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
