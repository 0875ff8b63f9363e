import type { Db } from '../src/store/db.ts';

/** Rows per INSERT statement of the floor (every statement in one transaction). */
export const FLOOR_CHUNK = 50_000;

export interface FloorResult {
  rows: number;
  seconds: number;
  method: string;
}

/**
 * The physical floor: `rows` rows bulk-loaded into a scratch table of the same store, in one transaction, by
 * multi-row `INSERT … SELECT FROM unnest($1::text[], …)` statements of FLOOR_CHUNK rows (pg-copy-streams is not
 * a dependency, and the store port has no COPY; the same method on both stores). The scratch table is shaped
 * like the rows the stages write most: two text keys and a date as the primary key, two exact numerics, two
 * doubles and a short text. The arrays are built before the clock starts; the table is dropped afterwards.
 */
export async function measureFloor(db: Db, rows: number): Promise<FloorResult> {
  const method = `INSERT … SELECT FROM unnest, ${FLOOR_CHUNK.toLocaleString('en-US')} rows per statement, one transaction`;
  await db.exec(`DROP TABLE IF EXISTS bench_floor;
    CREATE TABLE bench_floor (
      portfolio_id text NOT NULL, security_id text NOT NULL, date date NOT NULL,
      quantity numeric NOT NULL, cost numeric NOT NULL, market_value double precision, fx_rate double precision,
      status text NOT NULL, PRIMARY KEY (portfolio_id, security_id, date))`);
  const chunks: unknown[][] = [];
  for (let start = 0; start < rows; start += FLOOR_CHUNK) {
    const n = Math.min(FLOOR_CHUNK, rows - start);
    const p: string[] = [];
    const s: string[] = [];
    const d: string[] = [];
    const q: string[] = [];
    const c: string[] = [];
    const mv: number[] = [];
    const fx: number[] = [];
    const st: string[] = [];
    for (let k = start; k < start + n; k++) {
      p.push(`P${String(Math.floor(k / 1000)).padStart(6, '0')}`);
      s.push(`SEC_${String(k % 1000).padStart(5, '0')}`);
      d.push('2025-06-30');
      q.push(String((k % 997) + 1));
      c.push(`${k % 100_000}.${String(k % 10_000).padStart(4, '0')}`);
      mv.push(k * 1.5);
      fx.push(1.0825);
      st.push('CURRENT');
    }
    chunks.push([p, s, d, q, c, mv, fx, st]);
  }
  const started = performance.now();
  if (rows > 0) {
    await db.transaction(async (tx) => {
      for (const params of chunks) {
        await tx.query(
          `INSERT INTO bench_floor
           SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::numeric[], $5::numeric[],
                                $6::float8[], $7::float8[], $8::text[])`,
          params,
        );
      }
    });
  }
  const seconds = (performance.now() - started) / 1000;
  await db.exec('DROP TABLE bench_floor');
  return { rows, seconds, method };
}
