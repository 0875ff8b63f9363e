import { TOPICS } from './topics.ts';

/**
 * Which consumer group reads which topics: the whole pipeline, whatever roles this process runs. Job tracking
 * uses it to know which groups still owe work on a record. A later stage adds itself here.
 */
export interface Subscription {
  group: string;
  topics: readonly string[];
}

export const SUBSCRIPTIONS: readonly Subscription[] = [
  {
    group: 'persist',
    topics: [
      TOPICS.rawBusinessDates,
      TOPICS.rawPortfolios,
      TOPICS.rawInstruments,
      TOPICS.rawTransactions,
      TOPICS.rawMarketPrices,
      TOPICS.rawFxRates,
      TOPICS.rawBenchmarks,
      TOPICS.rawBenchmarkLevels,
      TOPICS.rawBenchmarkReturns,
      TOPICS.rawBenchmarkCompositions,
      TOPICS.reprocessRequests,
    ],
  },
  {
    group: 'positions',
    topics: [
      TOPICS.transactionsChanged,
      TOPICS.portfoliosChanged,
      TOPICS.instrumentsChanged,
      TOPICS.fxChanged,
    ],
  },
  {
    group: 'series',
    topics: [
      TOPICS.positionsChanged,
      TOPICS.pricesChanged,
      TOPICS.fxChanged,
      TOPICS.businessDatesChanged,
      TOPICS.instrumentsChanged,
    ],
  },
];

export function subscribersOf(topic: string, subscriptions = SUBSCRIPTIONS): string[] {
  return subscriptions.filter((s) => s.topics.includes(topic)).map((s) => s.group);
}

export function subscriptionOf(group: string, subscriptions = SUBSCRIPTIONS): Subscription {
  const found = subscriptions.find((s) => s.group === group);
  if (!found) throw new Error(`no subscription for consumer group ${group}`);
  return found;
}
