import type { Stage } from './stage.ts';
import { SUBSCRIPTIONS } from './topology.ts';

// Placeholder until the persist stage lands.
export function createPersistStage(): Stage {
  return { group: 'persist', topics: SUBSCRIPTIONS[0]!.topics, async handle() {} };
}
