import { CsvError, parse } from 'csv-parse/sync';
import { headerIndex, headerKey } from './aliases.ts';
import type { EntitySpec } from './specs.ts';

/**
 * CSV uploads. The header row names the fields; a header matches a field (or one of its aliases) ignoring
 * case and punctuation, so "Portfolio ID", "portfolioId" and "portfolio_id" all mean portfolio_id. Blank cells
 * are absent values. Rows are numbered as a spreadsheet shows them: the header is row 1, as in the original.
 */

export interface CsvRow {
  rowNumber: number;
  /** Cells under their field names; blank cells are null. */
  values: Record<string, string | null>;
}

export type CsvTable =
  | { ok: true; rows: CsvRow[]; ignoredColumns: string[] }
  | { ok: false; malformed: boolean; message: string };

/** Comma unless the header line clearly uses semicolons or tabs (spreadsheets in some locales export those). */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}

export function readCsv<T>(spec: EntitySpec<T>, text: string): CsvTable {
  let cells: string[][];
  try {
    cells = parse(text, {
      bom: true,
      delimiter: delimiterOf(text),
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
    });
  } catch (error) {
    if (error instanceof CsvError)
      return { ok: false, malformed: true, message: `malformed CSV: ${error.message}` };
    throw error;
  }
  const [header = [], ...data] = cells;
  const index = headerIndex(
    Object.entries(spec.fields as Record<string, { aliases: readonly string[] }>).map(([name, f]) => ({
      name,
      aliases: f.aliases,
    })),
  );
  const columns: Array<string | undefined> = header.map((h) => index.get(headerKey(h)));
  const ignoredColumns = header.filter((h, i) => h.trim() !== '' && columns[i] === undefined);
  const seen = new Map<string, string>();
  for (const [i, field] of columns.entries()) {
    if (field === undefined) continue;
    const other = seen.get(field);
    if (other !== undefined) {
      return {
        ok: false,
        malformed: false,
        message: `columns "${other}" and "${header[i]}" both name the field ${field}; keep one of them`,
      };
    }
    seen.set(field, header[i]!);
  }
  const rows: CsvRow[] = [];
  data.forEach((line, i) => {
    if (line.every((cell) => cell.trim() === '')) return;
    const values: Record<string, string | null> = {};
    columns.forEach((field, c) => {
      if (field === undefined) return;
      const cell = line[c];
      values[field] = cell === undefined || cell.trim() === '' ? null : cell;
    });
    rows.push({ rowNumber: i + 2, values });
  });
  return { ok: true, rows, ignoredColumns };
}
