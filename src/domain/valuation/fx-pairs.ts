/** The key of an ordered currency pair: 'EUR/USD' for the quotes 1 EUR = rate USD. */
export const pairKey = (from: string, to: string): string => `${from}/${to}`;

/** The key of a pair either way round (EUR/USD and USD/EUR share it): loading a pair loads both directions. */
export const unorderedPairKey = (a: string, b: string): string => (a < b ? pairKey(a, b) : pairKey(b, a));
