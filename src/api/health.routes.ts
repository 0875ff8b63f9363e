import type { FastifyInstance } from 'fastify';
import { metricsText, readiness } from '../app/services/health.service.ts';
import type { System } from '../app/system.ts';
import { liveSchema, metricsSchema, readySchema } from './schemas/health.schemas.ts';

export function registerHealthRoutes(app: FastifyInstance, system: System) {
  app.get('/health/live', { schema: liveSchema }, async () => ({ status: 'alive' }));

  app.get('/health/ready', { schema: readySchema }, async (request, reply) => {
    const { ready, errors, answer } = await readiness(system);
    if (!ready) request.log.warn({ errors }, 'not ready');
    return reply.status(ready ? 200 : 503).send(answer);
  });

  app.get('/metrics', { schema: metricsSchema }, async (request, reply) => {
    const metrics = await metricsText(system, (err, message) => request.log.warn({ err }, message));
    return reply.type(metrics.contentType).send(metrics.text);
  });
}
