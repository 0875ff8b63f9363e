/**
 * The instrument attributes positions are grouped, weighted and benchmarked by (allocation, contribution,
 * attribution, rebalancing targets, benchmark compositions): one list, in the order the API documents them.
 */
export const INSTRUMENT_ATTRIBUTES = [
  'asset_class',
  'sector',
  'currency',
  'country_of_risk',
  'rating',
  'product_type',
] as const;
export type InstrumentAttribute = (typeof INSTRUMENT_ATTRIBUTES)[number];

/** An instrument's attributes as stored: each a string or null (unclassified). */
export type InstrumentAttributeValues = Record<InstrumentAttribute, string | null>;

/** The attributes of a row that carries them among other columns (a position row, an instrument), in order. */
export const attributesOf = (row: InstrumentAttributeValues): InstrumentAttributeValues =>
  Object.fromEntries(INSTRUMENT_ATTRIBUTES.map((name) => [name, row[name]])) as InstrumentAttributeValues;

/** No attribute known: every one null. */
export const UNCLASSIFIED_INSTRUMENT: InstrumentAttributeValues = Object.freeze(
  Object.fromEntries(INSTRUMENT_ATTRIBUTES.map((name) => [name, null])) as InstrumentAttributeValues,
);
