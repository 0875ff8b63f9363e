import type { FastifyInstance } from 'fastify';
import { type InstrumentFilter, listInstruments } from '../app/services/facts.service.ts';
import type { System } from '../app/system.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';
import { instrumentSchema, listInstrumentsSchema } from './schemas/instruments.schemas.ts';
import { withTrailingSlash } from './trailing-slash.ts';

export function registerInstrumentRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app, [instrumentSchema]);

  withTrailingSlash('/instruments', (url, hide) =>
    app.get<{ Querystring: InstrumentFilter & { skip: number; limit: number } }>(
      url,
      { schema: { ...listInstrumentsSchema, hide } },
      async (request) => listInstruments(system.db, request.query),
    ),
  );
}
