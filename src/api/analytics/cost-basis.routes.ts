import type { FastifyInstance } from 'fastify';
import type { System } from '../../app/system.ts';

// Placeholder: filled in by the analytics work of issue 6.
export function registerCostBasisRoutes(_app: FastifyInstance, _system: System) {}
