import type { Workload } from '../workload.ts';
import { backDated } from './back-dated.ts';
import { bankDay } from './bank-day.ts';
import { fanIn } from './fan-in.ts';
import { history } from './history.ts';
import { priceBurst } from './price-burst.ts';
import { queries } from './queries.ts';
import { responsiveness } from './responsiveness.ts';

/** Design §9's workloads, in the order `--workload all` runs them. */
export const WORKLOADS: readonly Workload[] = [
  bankDay,
  history,
  backDated,
  priceBurst,
  fanIn,
  queries,
  responsiveness,
];
export const WORKLOAD_NAMES = WORKLOADS.map((w) => w.name);
