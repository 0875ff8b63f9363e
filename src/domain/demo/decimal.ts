import { Decimal as DecimalJs } from 'decimal.js';

/** The demo's exact decimals, our own (precision and rounding never changed by other code): half-even rounding. */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_EVEN });
export type Decimal = InstanceType<typeof Decimal>;
