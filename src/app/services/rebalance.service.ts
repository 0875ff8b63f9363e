import { type FieldError, validationFailed } from '../../domain/errors.ts';
import { attributesOf } from '../../domain/instrument-attributes.ts';
import { rebalance } from '../../domain/rebalance/rebalance.ts';
import type {
  Holding,
  RebalanceRequest,
  Target,
  TargetBasis,
  Unlisted,
} from '../../domain/rebalance/types.ts';
import type { Sql } from '../../store/db.ts';
import { positionsAsOf } from './positions-as-of.ts';

/** The defaults of the optional request fields: the schema declares them from here, a caller without HTTP gets them. */
export const REBALANCE_DEFAULTS = {
  cash_buffer: 0,
  min_trade_value: 0,
  lot_size: 1,
  tolerance: 0,
  unlisted: 'hold',
} as const;

export interface RebalanceBody {
  as_of_date?: string;
  targets: { by: TargetBasis; weights: Target[] };
  cash_buffer?: number;
  min_trade_value?: number;
  lot_size?: number;
  tolerance?: number;
  unlisted?: Unlisted;
}

/** Proposed trades toward target weights, from the positions of one date (nothing is booked); 404 if unknown. */
export async function rebalanceOf(db: Sql, portfolio_id: string, body: RebalanceBody) {
  const day = await positionsAsOf(db, portfolio_id, body.as_of_date);
  const unvalued = day.positions.filter((p) => p.eod_market_value === null).map((p) => p.security_id);
  const unpriced: FieldError[] = [];
  body.targets.weights.forEach((t, index) => {
    if (body.targets.by === 'security' && unvalued.includes(t.key)) {
      unpriced.push({
        index,
        field: 'targets.key',
        message: `${t.key} has no market value on ${day.as_of_date}`,
      });
    }
  });
  if (unpriced.length > 0) throw validationFailed('invalid rebalance targets', unpriced);

  const holdings: Holding[] = day.positions
    .filter((p) => p.eod_market_value !== null)
    .map((p) => ({
      security_id: p.security_id,
      quantity: p.quantity,
      market_value: p.eod_market_value!,
      is_cash: p.is_cash,
      attributes: attributesOf(p),
    }));
  const params: RebalanceRequest = {
    by: body.targets.by,
    targets: body.targets.weights,
    cash_buffer: body.cash_buffer ?? REBALANCE_DEFAULTS.cash_buffer,
    min_trade_value: body.min_trade_value ?? REBALANCE_DEFAULTS.min_trade_value,
    lot_size: body.lot_size ?? REBALANCE_DEFAULTS.lot_size,
    tolerance: body.tolerance ?? REBALANCE_DEFAULTS.tolerance,
    unlisted: body.unlisted ?? REBALANCE_DEFAULTS.unlisted,
  };
  const result = rebalance(holdings, params);
  return {
    portfolio_id,
    as_of_date: day.as_of_date,
    base_currency: day.base_currency,
    booked: false,
    ...result,
    unvalued: { count: unvalued.length, security_ids: unvalued },
    complete: day.complete,
    incomplete_reasons: day.incomplete_reasons,
    conventions: {
      positions: 'the daily position series on as_of_date, quantity ≠ 0',
      prices: 'a held position at its market value / quantity (base currency); a new one at the price given',
      weights:
        'market value / total market value of the valued positions, cash included (unchanged by the trades)',
      drift: 'weight − target weight, absolute',
      tolerance: params.tolerance,
      lot_rounding:
        'whole lots, truncated toward zero from the quantity that reaches the target; a sale to 0 sells all; ' +
        'buys cut pro rata and truncated again when they would draw cash below the buffer',
      cash: 'every cash position together, base currency',
      cash_buffer: params.cash_buffer,
      min_trade_value: params.min_trade_value,
      lot_size: params.lot_size,
      unlisted: params.unlisted,
      by: params.by,
    },
  };
}
