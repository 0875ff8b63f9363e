import { runChecks } from '../../store/quality/checks.ts';
import type { QualityReport } from '../../store/quality/report.ts';
import type { System } from '../system.ts';

/** The data-quality report over this process's store (GET /data-quality; `pas check` runs the same checks). */
export const dataQualityReport = (system: Pick<System, 'db'>): Promise<QualityReport> => runChecks(system.db);
