import { QualityReport } from '../../store/quality/report.ts';

export const dataQualitySchema = {
  tags: ['operations'],
  summary: 'Data-quality checks',
  description:
    'Runs the data-quality checks on the stored facts and the derived state: uniqueness, not null, accepted ' +
    'values and relationships (as seed 003’s dbt data tests), and the identities the pipeline promises (a ' +
    'portfolio’s value is the sum of its positions’, value change = flows + P&L within the stated tolerance, ' +
    'lots sum to positions, no gap in a daily series). 200 whether they pass or not: `status` says. Each ' +
    'check reads whole tables, so it takes seconds on a large store. `pas check` runs the same.',
  response: { 200: { description: 'The report.', ...QualityReport } },
};
