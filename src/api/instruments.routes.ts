import type { FastifyInstance } from 'fastify';
import { type InstrumentFilter, listInstruments } from '../app/services/facts.service.ts';
import type { System } from '../app/system.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';
import { instrumentSchema, listInstrumentsSchema } from './schemas/instruments.schemas.ts';
import { getList } from './trailing-slash.ts';

export function registerInstrumentRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app, [instrumentSchema]);

  getList<InstrumentFilter & { skip: number; limit: number }>(
    app,
    '/instruments',
    listInstrumentsSchema,
    (query) => listInstruments(system.db, query),
  );
}
