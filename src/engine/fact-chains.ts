/** A record as delivered on a raw topic, with what the persist stage needs to account for it. */
export interface Delivered<R> {
  record: R;
  /** Business key text (see businessKeyOf). */
  key: string;
  hash: string;
  jobIds: readonly string[];
  correlationId: string | undefined;
  /** Position in the batch: earlier records contributed first. */
  order: number;
}

/** The deliveries of one key in log order, consecutive equal contents collapsed into their first delivery. */
export interface FactChain<R> {
  key: string;
  versions: Delivered<R>[];
  /** Deliveries of the key in the batch, collapsed ones included. */
  delivered: number;
}

/**
 * Groups a topic's deliveries by business key, in the order given (log order). A content equal to the one
 * delivered just before it for the same key changes nothing, whatever the store holds, so it is dropped here.
 */
export function chainsOf<R>(deliveries: readonly Delivered<R>[]): FactChain<R>[] {
  const chains = new Map<string, FactChain<R>>();
  for (const d of deliveries) {
    let chain = chains.get(d.key);
    if (!chain) {
      chain = { key: d.key, versions: [], delivered: 0 };
      chains.set(d.key, chain);
    }
    chain.delivered++;
    if (chain.versions.at(-1)?.hash !== d.hash) chain.versions.push(d);
  }
  return [...chains.values()];
}

export interface ChainOutcome<R> {
  /** The deliveries that became a new version, in order; each supersedes the one before it (or `stored`). */
  applied: Delivered<R>[];
  inserted: number;
  corrected: number;
  unchanged: number;
}

/**
 * What a chain did to a fact stored with content `storedHash` (undefined: not stored yet). Processing the
 * deliveries one at a time gives the same: only a first content equal to the stored one is a no-op. The
 * writer applies the same rule in SQL.
 */
export function outcomeOf<R>(chain: FactChain<R>, storedHash: string | undefined): ChainOutcome<R> {
  const applied = chain.versions[0]?.hash === storedHash ? chain.versions.slice(1) : chain.versions;
  const inserted = storedHash === undefined && applied.length > 0 ? 1 : 0;
  const corrected = applied.length - inserted;
  return { applied, inserted, corrected, unchanged: chain.delivered - applied.length };
}
