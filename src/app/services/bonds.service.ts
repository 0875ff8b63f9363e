import { analyseBond } from '../../domain/analytics/bonds/bond.ts';
import type { BondRequest } from '../../domain/analytics/bonds/bond-terms.ts';
import { splitFigures } from '../../domain/analytics/figure.ts';

export type { BondRequest };

/**
 * Price, yield and risk of a fixed-coupon bond from its terms (POST /analytics/bonds, stateless). The domain
 * checks the request (readBondTerms), so every error names its field the same way.
 */
export function bondOf(request: BondRequest) {
  const { figures, ...rest } = analyseBond(request);
  const { values, null_reasons } = splitFigures(figures);
  return { ...values, ...rest, null_reasons };
}
