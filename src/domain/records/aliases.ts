/**
 * Other spellings of field names. The original system accepted camelCase aliases and its README and e2e tests
 * still send them, so every field is also read under its camelCase name and under its legacy names
 * (`cif_id` → client_id, …) in both spellings. CSV headers are looser still: case and punctuation are ignored.
 */

export const camelCase = (snake: string): string =>
  snake.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** The names a JSON field may be given under, the canonical snake_case name first. */
export function spellingsOf(field: string, aliases: readonly string[]): string[] {
  return [...new Set([field, camelCase(field), ...aliases.flatMap((a) => [a, camelCase(a)])])];
}

/** A CSV header or field name reduced to lower-case letters and digits: "Portfolio ID" → "portfolioid". */
export const headerKey = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Maps header keys (see headerKey) to the field they name, for every spelling of every field. */
export function headerIndex(fields: ReadonlyArray<{ name: string; aliases: readonly string[] }>) {
  const index = new Map<string, string>();
  for (const { name, aliases } of fields) {
    for (const spelling of spellingsOf(name, aliases)) index.set(headerKey(spelling), name);
  }
  return index;
}
