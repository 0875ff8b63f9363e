import { describe, expect, it } from 'vitest';
import { bookedStrings, decomposePnl } from './decomposition.ts';
import type { BookedTransaction, PositionValuation } from './types.ts';

/** Valuations are float sums of a few products: absolute 1e-9. Booked figures are exact strings. */
const TOL = 9;

let seq = 0;
/** A booked transaction: the fields the decomposition reads, defaults for the rest. */
function txn(
  security_id: string,
  transaction_type: string,
  amount_base: string | null,
  over: Partial<BookedTransaction> & {
    classification?: string;
    portfolioFlow?: boolean;
    positionFlow?: boolean;
  } = {},
): BookedTransaction {
  const { classification, portfolioFlow, positionFlow, ...rest } = over;
  return {
    transaction_id: `T${String(++seq).padStart(3, '0')}`,
    security_id,
    transaction_type,
    date: '2024-01-10',
    is_cash: security_id.startsWith('CASH'),
    net_cost: null,
    realized_gain_loss: null,
    realized_gain_loss_fx: null,
    realized_gain_loss_price: null,
    disposed_cost_base: '0',
    trade_fee_base: '0',
    cashflow:
      amount_base === null
        ? null
        : {
            amount_base,
            classification: classification ?? 'INVESTMENT_OUTFLOW',
            timing: 'EOD',
            is_position_flow: positionFlow ?? true,
            is_portfolio_flow: portfolioFlow ?? false,
          },
    ...rest,
  };
}

/** A flow into or out of the portfolio (not only the position): a deposit, withdrawal, transfer or fee. */
const portfolioFlow = (
  security_id: string,
  transaction_type: string,
  amount_base: string,
  classification: string,
  over: Partial<BookedTransaction> = {},
): BookedTransaction =>
  txn(security_id, transaction_type, amount_base, { classification, portfolioFlow: true, ...over });

const point = (market_value: number | null, unrealized_gain_loss: number | null) => ({
  market_value,
  unrealized_gain_loss,
  incomplete_reason: market_value === null ? 'NO_PRICE' : null,
});

const valuation = (
  security_id: string,
  start: [number | null, number | null] | null,
  end: [number | null, number | null] | null,
  currency_effect = 0,
): PositionValuation => ({
  security_id,
  start: start && point(...start),
  end: end && point(...end),
  currency_effect,
  currency_effect_unknown_days: 0,
});

const dates = { before: '2024-01-04', end: '2024-01-15' };

describe('decomposePnl: the hand-worked case of docs/analytics/pnl.md', () => {
  // USD portfolio, period 2024-01-05 .. 01-15. Held at the start (EOD 01-04): 4,490 cash, 100 AAPL at 100
  // (cost 10,010), 50 SAP at 100 EUR × 1.10 (cost 5,500). In the period: a deposit of 500, a dividend of 50,
  // a fee of 25 on cash, a sale of 40 AAPL at 110 less a fee of 4 (proceeds 4,396, cost 4,004), a withdrawal
  // of 1,000; AAPL ends at 110, SAP at 104 EUR and EUR/USD at 1.20 (from 1.10 on 01-10).
  const transactions = [
    portfolioFlow('CASH_USD', 'DEPOSIT', '500', 'CASHFLOW_IN', { net_cost: '500' }),
    txn('AAPL', 'DIVIDEND', '50', { classification: 'INCOME' }),
    txn('CASH_USD', 'BUY', '-50', { net_cost: '50' }),
    portfolioFlow('CASH_USD', 'FEE', '-25', 'EXPENSE', { disposed_cost_base: '25' }),
    txn('AAPL', 'SELL', '4396', {
      classification: 'INVESTMENT_INFLOW',
      disposed_cost_base: '4004',
      realized_gain_loss: '392',
      realized_gain_loss_price: '392',
      realized_gain_loss_fx: '0',
      trade_fee_base: '4',
    }),
    txn('CASH_USD', 'BUY', '-4396', { net_cost: '4396' }),
    portfolioFlow('CASH_USD', 'WITHDRAWAL', '-1000', 'CASHFLOW_OUT', { disposed_cost_base: '1000' }),
  ];
  const positions = [
    valuation('CASH_USD', [4490, 0], [8411, 0]),
    valuation('AAPL', [10_000, -10], [6600, 594]),
    valuation('SAP', [5500, 0], [6240, 740], 520),
  ];
  const pnl = decomposePnl(
    {
      start: { market_value: 19_990, reason: null },
      end: { market_value: 21_251, reason: null },
      positions,
      transactions,
    },
    dates,
  );

  it('portfolio: booked figures exact, valued figures as worked by hand', () => {
    expect(bookedStrings(pnl.booked)).toEqual({
      net_flows: '-500',
      contributions: '500',
      withdrawals: '1000',
      internal_flow_imbalance: '0',
      realized_gain_loss: '392',
      realized_gain_loss_price: '392',
      realized_gain_loss_fx: '0',
      income: '50',
      fees: '25',
      taxes: '0',
      other_gain_loss: '0',
      trade_fees: '4',
    });
    const v = pnl.valued;
    expect(v.start_value.value).toBe(19_990);
    expect(v.end_value.value).toBe(21_251);
    // 21,251 − 19,990 − (−500) = 1,761 = 392 + 1,344 + 50 − 25.
    expect(v.total_pnl.value).toBeCloseTo(1761, TOL);
    expect(v.unrealized_gain_loss_change.value).toBeCloseTo(604 + 740, TOL);
    expect(v.currency_effect.value).toBeCloseTo(520, TOL);
    expect(v.price_effect.value).toBeCloseTo(1241, TOL);
    expect(v.residual.value).toBeCloseTo(0, TOL);
  });

  it('per position: flows into each, and each total explained', () => {
    const by = Object.fromEntries(pnl.by_position.map((p) => [p.security_id, p]));
    expect(Object.keys(by)).toEqual(['AAPL', 'CASH_USD', 'SAP']);
    // Cash: + deposit + dividend + proceeds − withdrawal; the fee is its P&L, not a flow.
    expect(by.CASH_USD?.booked.net_flows.toFixed()).toBe('3946');
    expect(by.CASH_USD?.valued.total_pnl.value).toBeCloseTo(-25, TOL);
    // AAPL: the dividend and the proceeds leave it for cash.
    expect(by.AAPL?.booked.net_flows.toFixed()).toBe('-4446');
    expect(by.AAPL?.valued.total_pnl.value).toBeCloseTo(1046, TOL);
    expect(by.AAPL?.valued.unrealized_gain_loss_change.value).toBeCloseTo(604, TOL);
    expect(by.SAP?.valued.total_pnl.value).toBeCloseTo(740, TOL);
    expect(by.SAP?.valued.price_effect.value).toBeCloseTo(220, TOL);
    for (const p of pnl.by_position) expect(p.valued.residual.value).toBeCloseTo(0, TOL);
  });
});

describe('bookings whose value moves through cost basis without a realized P&L', () => {
  const flat = { start: { market_value: 0, reason: null } };

  it('foreign cash withdrawn at a higher rate than it was bought at: the FX gain is other_gain_loss', () => {
    // 1,000 EUR deposited at 1.10 (cost 1,100); 500 EUR withdrawn at 1.20 (600 USD) from lots costing 550.
    const pnl = decomposePnl(
      {
        ...flat,
        end: { market_value: 600, reason: null },
        positions: [valuation('CASH_EUR', null, [600, 50], 100)],
        transactions: [
          portfolioFlow('CASH_EUR', 'DEPOSIT', '1100', 'CASHFLOW_IN', { net_cost: '1100' }),
          portfolioFlow('CASH_EUR', 'WITHDRAWAL', '-600', 'CASHFLOW_OUT', { disposed_cost_base: '550' }),
        ],
      },
      dates,
    );
    expect(pnl.booked.net_flows.toFixed()).toBe('500');
    expect(pnl.booked.other_gain_loss.toFixed()).toBe('50');
    // 600 − 0 − 500 = 100 = unrealized 50 on the 500 EUR still held + 50 realized-in-effect on those withdrawn.
    expect(pnl.valued.total_pnl.value).toBeCloseTo(100, TOL);
    expect(pnl.valued.unrealized_gain_loss_change.value).toBeCloseTo(50, TOL);
    expect(pnl.valued.residual.value).toBeCloseTo(0, TOL);
  });

  it('a holding transferred in at 1,000 and out at 1,500: its gain left with it', () => {
    const pnl = decomposePnl(
      {
        ...flat,
        end: { market_value: 0, reason: null },
        positions: [],
        transactions: [
          portfolioFlow('XYZ', 'TRANSFER_IN', '1000', 'TRANSFER', { net_cost: '1000' }),
          portfolioFlow('XYZ', 'TRANSFER_OUT', '-1500', 'TRANSFER', { disposed_cost_base: '1000' }),
        ],
      },
      dates,
    );
    expect(bookedStrings(pnl.booked)).toMatchObject({
      contributions: '1000',
      withdrawals: '1500',
      net_flows: '-500',
      other_gain_loss: '500',
    });
    expect(pnl.valued.total_pnl.value).toBeCloseTo(500, TOL);
    expect(pnl.valued.residual.value).toBeCloseTo(0, TOL);
  });

  it('a FEE booked on a security and paid by its cash leg is a fee, not a flow; a TAX on cash likewise', () => {
    const pnl = decomposePnl(
      {
        start: { market_value: 1000, reason: null },
        end: { market_value: 958, reason: null },
        positions: [valuation('CASH_USD', [1000, 0], [958, 0])],
        transactions: [
          portfolioFlow('AAPL', 'FEE', '-30', 'EXPENSE'),
          txn('CASH_USD', 'SELL', '30', {
            classification: 'INVESTMENT_INFLOW',
            disposed_cost_base: '30',
            realized_gain_loss: '0',
          }),
          txn('CASH_USD', 'TAX', '-12', { classification: 'EXPENSE', disposed_cost_base: '12' }),
        ],
      },
      dates,
    );
    expect(bookedStrings(pnl.booked)).toMatchObject({
      net_flows: '0',
      fees: '30',
      taxes: '12',
      other_gain_loss: '0',
      internal_flow_imbalance: '0',
    });
    expect(pnl.valued.total_pnl.value).toBeCloseTo(-42, TOL);
    expect(pnl.valued.residual.value).toBeCloseTo(0, TOL);
    const aapl = pnl.by_position.find((p) => p.security_id === 'AAPL');
    expect(aapl?.valued.total_pnl.value).toBeCloseTo(-30, TOL);
  });

  it('a cash leg booked in cents against an unrounded trade cost: the difference is the imbalance', () => {
    // A BUY costing 100.0042 (foreign price × rate) paid by a cash leg of 100.00.
    const pnl = decomposePnl(
      {
        start: { market_value: 100, reason: null },
        end: { market_value: 100.0042, reason: null },
        positions: [valuation('CASH_USD', [100, 0], null), valuation('SAP', null, [100.0042, 0])],
        transactions: [
          txn('SAP', 'BUY', '-100.0042', { net_cost: '100.0042', realized_gain_loss: '0' }),
          txn('CASH_USD', 'SELL', '100', {
            classification: 'INVESTMENT_INFLOW',
            disposed_cost_base: '100',
            realized_gain_loss: '0',
          }),
        ],
      },
      dates,
    );
    expect(pnl.booked.internal_flow_imbalance.toFixed()).toBe('0.0042');
    expect(pnl.valued.total_pnl.value).toBeCloseTo(0.0042, TOL);
    expect(pnl.valued.residual.value).toBeCloseTo(0, TOL);
    for (const p of pnl.by_position) expect(p.valued.total_pnl.value).toBeCloseTo(0, TOL);
  });
});

describe('unknown valuations are null with the reason, never 0', () => {
  it('a position not valued at the end makes its figures and the portfolio total null', () => {
    const pnl = decomposePnl(
      {
        start: { market_value: 0, reason: null },
        end: { market_value: null, reason: 'NO_PRICE XYZ' },
        positions: [
          valuation('XYZ', null, [null, null]),
          { ...valuation('ABC', null, [5, 0]), currency_effect_unknown_days: 2 },
        ],
        transactions: [],
      },
      dates,
    );
    expect(pnl.valued.end_value).toEqual({
      value: null,
      reason: 'the portfolio is not fully valued at the end of 2024-01-15: NO_PRICE XYZ',
    });
    expect(pnl.valued.total_pnl.value).toBeNull();
    expect(pnl.valued.residual.value).toBeNull();
    const abc = pnl.by_position.find((p) => p.security_id === 'ABC');
    expect(abc?.valued.total_pnl.value).toBe(5);
    expect(abc?.valued.currency_effect.reason).toContain('2 day(s)');
    expect(pnl.valued.currency_effect.value).toBeNull();
  });
});
