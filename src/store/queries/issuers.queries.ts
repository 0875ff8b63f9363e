import type { Sql } from '../db.ts';

/** An instrument's issuer fields, as ingested. */
export interface IssuerFields {
  security_id: string;
  issuer_id: string | null;
  issuer_name: string | null;
  ultimate_parent_issuer_id: string | null;
  ultimate_parent_issuer_name: string | null;
  [k: string]: unknown;
}

/** The issuer fields of the given instruments, by security_id; unknown instruments are absent. */
export async function findIssuers(
  db: Sql,
  securityIds: readonly string[],
): Promise<Map<string, IssuerFields>> {
  if (securityIds.length === 0) return new Map();
  const rows = await db.query<IssuerFields>(
    `SELECT security_id, issuer_id, issuer_name, ultimate_parent_issuer_id, ultimate_parent_issuer_name
     FROM instruments WHERE security_id = ANY($1::text[])`,
    [securityIds],
  );
  return new Map(rows.map((r) => [r.security_id, r]));
}
