import { type Static, Type } from 'typebox';

/**
 * The data-quality report: its schema (served by GET /data-quality, printed by `pas check`) and, derived from
 * it, its TypeScript type.
 */

export const CHECK_CATEGORIES = [
  'unique',
  'not_null',
  'accepted_values',
  'relationships',
  'identity',
] as const;
export type CheckCategory = (typeof CHECK_CATEGORIES)[number];

const Outcome = Type.Enum(['pass', 'fail']);

/** One check's outcome: how many rows break it and the first few of them. */
export const CheckResult = Type.Object(
  {
    name: Type.String({ description: 'The check, e.g. relationships_transactions_portfolio_id.' }),
    category: Type.Enum(CHECK_CATEGORIES, {
      description: 'unique, not_null, accepted_values, relationships (as dbt data tests) or identity.',
    }),
    table: Type.String({ description: 'The table checked.' }),
    description: Type.String({ description: 'What the check requires.' }),
    tolerance: Type.Union([Type.String(), Type.Null()], {
      description: 'The tolerance of an identity on float64 figures; null for an exact check.',
    }),
    status: Outcome,
    failing: Type.Integer({ minimum: 0, description: 'Rows (or groups) that break the check.' }),
    examples: Type.Array(Type.Record(Type.String(), Type.Unknown()), {
      description: 'The first failing rows (at most 5), with their keys and the values compared.',
    }),
  },
  { additionalProperties: false },
);
export type CheckResult = Static<typeof CheckResult>;

export const QualityReport = Type.Object(
  {
    status: Type.Enum(['pass', 'fail'], { description: 'fail when any check fails.' }),
    passed: Type.Integer({ minimum: 0, description: 'Checks passed.' }),
    failed: Type.Integer({ minimum: 0, description: 'Checks failed.' }),
    checks: Type.Array(CheckResult),
  },
  { additionalProperties: false },
);
export type QualityReport = Static<typeof QualityReport>;
