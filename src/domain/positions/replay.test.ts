import { describe, expect, it } from 'vitest';
import { dec } from '../money.ts';
import type { CostBasisMethod } from '../records/types.ts';
import { replayKey } from './replay.ts';
import {
  amount,
  bond,
  cash,
  costOf,
  equity,
  fxTable,
  num,
  openLots,
  plain,
  portfolio,
  replayInput,
  rowOf,
  split,
  trade,
  txn,
} from './testing.ts';
import type { EngineTransaction, ReplayResult } from './types.ts';

const cashflowOf = (result: ReplayResult, id: string) => {
  const c = result.cashflows.find((x) => x.transaction_id === id);
  if (c === undefined) return undefined;
  return {
    amount: num(c.amount),
    currency: c.currency,
    amount_base: num(c.amount_base),
    classification: c.classification,
    timing: c.timing,
    position: c.is_position_flow,
    portfolio: c.is_portfolio_flow,
    date: c.cashflow_date,
  };
};

const NO_REALIZED = { realized: null, realized_local: null, realized_fx: null, realized_price: null };

describe('BUY and SELL in the base currency', () => {
  const result = replayKey(
    replayInput([
      trade('B1', 'BUY', '2024-01-10', '100', '50', '5'),
      trade('S1', 'SELL', '2024-03-20', '80', '60', '4'),
    ]),
  );

  it('BUY: book cost = gross + fee = 5000 + 5; realized exactly 0', () => {
    expect(costOf(result, 'B1')).toEqual({
      fx: '1',
      fx_source: 'SAME_CURRENCY',
      fx_rate_date: null,
      gross_cost: '5000',
      net_cost: '5005',
      net_cost_local: '5005',
      realized: '0',
      realized_local: '0',
      realized_fx: '0',
      realized_price: '0',
    });
    expect(cashflowOf(result, 'B1')).toEqual({
      amount: '-5005', // −(gross + fee)
      currency: 'USD',
      amount_base: '-5005',
      classification: 'INVESTMENT_OUTFLOW',
      timing: 'BOD',
      position: true,
      portfolio: false,
      date: '2024-01-10',
    });
  });

  it('SELL: proceeds 80 × 60 − 4 = 4796, COGS 80 × 50.05 = 4004, realized 792; net_cost = −COGS', () => {
    expect(costOf(result, 'S1')).toEqual({
      fx: '1',
      fx_source: 'SAME_CURRENCY',
      fx_rate_date: null,
      gross_cost: '-4004',
      net_cost: '-4004',
      net_cost_local: '-4004',
      realized: '792',
      realized_local: '792',
      realized_fx: '0',
      realized_price: '792',
    });
    expect(cashflowOf(result, 'S1')).toMatchObject({
      amount: '4796', // + (gross − fee)
      classification: 'INVESTMENT_INFLOW',
      timing: 'EOD',
      portfolio: false,
    });
    expect(result.disposals.map(plain)).toEqual([
      {
        transaction_id: 'S1',
        transaction_type: 'SELL',
        disposal_date: '2024-03-20',
        lot_id: 'LOT-B1',
        quantity: '80',
        cost_local: '4004',
        cost_base: '4004',
      },
    ]);
  });

  it('rows: one per transaction, after it, numbered in replay order', () => {
    expect(result.rows.map(plain)).toEqual([
      {
        seq: 1,
        transaction_id: 'B1',
        position_date: '2024-01-10',
        transaction_date: '2024-01-10T10:00:00.000Z',
        quantity: '100',
        cost_basis: '5005',
        cost_basis_local: '5005',
      },
      {
        seq: 2,
        transaction_id: 'S1',
        position_date: '2024-03-20',
        transaction_date: '2024-03-20T10:00:00.000Z',
        quantity: '20',
        cost_basis: '1001', // 5005 − 4004
        cost_basis_local: '1001',
      },
    ]);
    expect(result.lots.map(plain)).toEqual([
      {
        lot_id: 'LOT-B1',
        source_transaction_id: 'B1',
        acquisition_date: '2024-01-10',
        original_quantity: '100',
        open_quantity: '20',
        lot_cost_local: '5005',
        lot_cost_base: '5005',
        open_cost_local: '1001',
        open_cost_base: '1001',
        accrued_interest_paid_local: '0',
      },
    ]);
    expect(result.blocked).toBeNull();
  });
});

describe('a EUR trade in a USD portfolio', () => {
  // BUY 100 @ 50 EUR + 5 fee at 1.10: local 5005, base 5505.50; gross_cost 5000 × 1.10 = 5500.
  // SELL 40 @ 60 EUR − 4 fee at 1.20: proceeds 2396 EUR = 2875.20 USD.
  // COGS 40/100 of the lot: 2002 EUR, 2202.20 USD. Realized local 394, base 2875.20 − 2202.20 = 673,
  // of which price 394 × 1.20 = 472.80 and FX 2002 × 1.20 − 2202.20 = 200.20.
  const expectTheBook = (result: ReplayResult) => {
    expect(costOf(result, 'B1')).toMatchObject({
      gross_cost: '5500',
      net_cost: '5505.5',
      net_cost_local: '5005',
    });
    expect(costOf(result, 'S1')).toMatchObject({
      gross_cost: '-2202.2',
      net_cost: '-2202.2',
      net_cost_local: '-2002',
      realized: '673',
      realized_local: '394',
      realized_price: '472.8',
      realized_fx: '200.2',
    });
    const s1 = result.costs.find((c) => c.transaction_id === 'S1')!;
    expect(s1.realized_gain_loss_price!.plus(s1.realized_gain_loss_fx!).eq(s1.realized_gain_loss!)).toBe(
      true,
    );
    expect(rowOf(result, 'S1')).toEqual({ quantity: '60', cost_basis: '3303.3', cost_basis_local: '3003' });
    expect(cashflowOf(result, 'S1')).toMatchObject({
      amount: '2396',
      currency: 'EUR',
      amount_base: '2875.2',
    });
    expect(cashflowOf(result, 'B1')).toMatchObject({
      amount: '-5005',
      currency: 'EUR',
      amount_base: '-5505.5',
    });
  };

  it('with the rate on the transaction', () => {
    const result = replayKey(
      replayInput(
        [
          trade('B1', 'BUY', '2024-01-15', '100', '50', '5', { ccy: 'EUR', transaction_fx_rate: '1.1' }),
          trade('S1', 'SELL', '2024-03-05', '40', '60', '4', { ccy: 'EUR', transaction_fx_rate: '1.2' }),
        ],
        { instrument: equity('EUR') },
      ),
    );
    expectTheBook(result);
    expect(costOf(result, 'S1')).toMatchObject({ fx: '1.2', fx_source: 'TRANSACTION', fx_rate_date: null });
  });

  it('with the rate from the FX facts on or before the trade date', () => {
    const fx = fxTable({
      'EUR/USD': [
        ['2024-01-01', '1.1'],
        ['2024-03-01', '1.2'],
      ],
    });
    const result = replayKey(
      replayInput(
        [
          trade('B1', 'BUY', '2024-01-15', '100', '50', '5', { ccy: 'EUR' }),
          trade('S1', 'SELL', '2024-03-05', '40', '60', '4', { ccy: 'EUR' }),
        ],
        { instrument: equity('EUR'), fx },
      ),
    );
    expectTheBook(result);
    expect(costOf(result, 'B1')).toMatchObject({
      fx: '1.1',
      fx_source: 'FX_FACT',
      fx_rate_date: '2024-01-01',
    });
    expect(costOf(result, 'S1')).toMatchObject({
      fx: '1.2',
      fx_source: 'FX_FACT',
      fx_rate_date: '2024-03-01',
    });
  });

  it('blocks with MISSING_FX at the first transaction without a rate, keeping the rows before it', () => {
    const fx = fxTable({ 'EUR/USD': [['2024-01-01', '1.1']] });
    const result = replayKey(
      replayInput(
        [
          trade('B0', 'BUY', '2023-12-15', '10', '50', '0', { ccy: 'EUR', transaction_fx_rate: '1.05' }),
          amount('D1', 'DIVIDEND', '2023-12-20', '20', '0', { ccy: 'EUR' }),
          trade('B1', 'BUY', '2024-01-15', '100', '50', '5', { ccy: 'EUR' }),
        ],
        { instrument: equity('EUR'), fx },
      ),
    );
    expect(result.blocked).toEqual({
      reason: 'MISSING_FX',
      transaction_id: 'D1',
      detail: 'no EUR/USD rate on or before 2023-12-20',
    });
    expect(result.rows.map((r) => r.transaction_id)).toEqual(['B0']);
    expect(result.costs.map((c) => c.transaction_id)).toEqual(['B0']);
    expect(result.cashflows.map((c) => c.transaction_id)).toEqual(['B0']);
    expect(openLots(result)).toEqual([['B0', '10', '500', '525']]); // 500 EUR at 1.05
  });
});

describe('accrued interest on a bond purchase', () => {
  // 1000 nominal @ 98 % = 980, fee 2, accrued interest 15.
  const bondBuy = (policy: string | null) =>
    replayKey(
      replayInput(
        [
          txn('B1', 'BUY', '2024-02-01', {
            quantity: '1000',
            price: '0.98',
            gross_transaction_amount: '980',
            trade_fee: '2',
            accrued_interest: '15',
            calculation_policy_id: policy,
          }),
        ],
        { instrument: bond() },
      ),
    );

  it('is part of the book cost by default: 980 + 2 + 15 = 997', () => {
    const result = bondBuy(null);
    expect(costOf(result, 'B1')).toMatchObject({ gross_cost: '980', net_cost: '997', net_cost_local: '997' });
    expect(result.lots[0]!.accrued_interest_paid_local.eq(15)).toBe(true);
    expect(rowOf(result, 'B1')).toEqual({ quantity: '1000', cost_basis: '997', cost_basis_local: '997' });
  });

  it('is left out under BUY_EXCLUDE_ACCRUED_INTEREST_FROM_BOOK_COST: 980 + 2 = 982, and still on the lot', () => {
    const result = bondBuy('BUY_EXCLUDE_ACCRUED_INTEREST_FROM_BOOK_COST');
    expect(costOf(result, 'B1')).toMatchObject({ gross_cost: '980', net_cost: '982', net_cost_local: '982' });
    expect(result.lots[0]!.accrued_interest_paid_local.eq(15)).toBe(true);
    expect(cashflowOf(result, 'B1')).toMatchObject({ amount: '-982' }); // the cashflow is gross + fee either way
  });
});

describe('cash moved equals the cashflow booked, fees included', () => {
  // DEPOSIT 1000 with a fee of 5: 995 arrive. WITHDRAWAL 300 with a fee of 2: 302 leave. Held: 995 − 302 = 693.
  const result = replayKey(
    replayInput(
      [
        amount('DEP', 'DEPOSIT', '2024-01-02', '1000', '5'),
        amount('WD', 'WITHDRAWAL', '2024-01-03', '300', '2'),
      ],
      { instrument: cash() },
    ),
  );

  it('opens the deposit lot at the amount net of its fee, as its cashflow says', () => {
    expect(rowOf(result, 'DEP')).toEqual({ quantity: '995', cost_basis: '995', cost_basis_local: '995' });
    expect(cashflowOf(result, 'DEP')).toMatchObject({ amount: '995' });
  });

  it('takes the withdrawal plus its fee from the lots, as its cashflow says', () => {
    expect(rowOf(result, 'WD')).toEqual({ quantity: '693', cost_basis: '693', cost_basis_local: '693' });
    expect(cashflowOf(result, 'WD')).toMatchObject({ amount: '-302' });
  });
});

describe('cash: DEPOSIT, WITHDRAWAL, FEE and TAX consume the same lots the position shows', () => {
  const result = replayKey(
    replayInput(
      [
        amount('DEP', 'DEPOSIT', '2024-01-02', '10000'),
        amount('WD', 'WITHDRAWAL', '2024-01-03', '2000', '10'),
        amount('FEE', 'FEE', '2024-01-04', '25'),
        amount('TAX', 'TAX', '2024-01-05', '15', '1'),
      ],
      { instrument: cash() },
    ),
  );

  it('DEPOSIT: a lot of 10000 units at 1; cashflow +10000 CASHFLOW_IN, a portfolio flow', () => {
    expect(costOf(result, 'DEP')).toMatchObject({
      gross_cost: '10000',
      net_cost: '10000',
      net_cost_local: '10000',
      ...NO_REALIZED,
    });
    expect(cashflowOf(result, 'DEP')).toMatchObject({
      amount: '10000',
      classification: 'CASHFLOW_IN',
      timing: 'BOD',
      portfolio: true,
    });
    expect(rowOf(result, 'DEP')).toEqual({
      quantity: '10000',
      cost_basis: '10000',
      cost_basis_local: '10000',
    });
  });

  it('WITHDRAWAL: consumes 2000 + 10 = 2010 units without realized P&L; cashflow −(2000 + 10)', () => {
    expect(costOf(result, 'WD')).toMatchObject({
      gross_cost: '-2010',
      net_cost: '-2010',
      net_cost_local: '-2010',
      ...NO_REALIZED,
    });
    expect(cashflowOf(result, 'WD')).toMatchObject({
      amount: '-2010',
      classification: 'CASHFLOW_OUT',
      timing: 'EOD',
      portfolio: true,
    });
    expect(rowOf(result, 'WD')).toEqual({ quantity: '7990', cost_basis: '7990', cost_basis_local: '7990' });
  });

  it('FEE: consumes 25 units; booked +25 as an expense; cashflow −25 EXPENSE, a portfolio flow', () => {
    expect(costOf(result, 'FEE')).toMatchObject({
      gross_cost: '25',
      net_cost: '25',
      net_cost_local: '25',
      ...NO_REALIZED,
    });
    expect(cashflowOf(result, 'FEE')).toMatchObject({
      amount: '-25',
      classification: 'EXPENSE',
      portfolio: true,
    });
    expect(rowOf(result, 'FEE')).toEqual({ quantity: '7965', cost_basis: '7965', cost_basis_local: '7965' });
  });

  it('TAX: a valid type (§14 item 12); consumes 15 + 1 units; cashflow −16 EXPENSE, not a portfolio flow', () => {
    expect(costOf(result, 'TAX')).toMatchObject({ net_cost: '16', net_cost_local: '16', ...NO_REALIZED });
    expect(cashflowOf(result, 'TAX')).toMatchObject({
      amount: '-16',
      classification: 'EXPENSE',
      portfolio: false,
    });
    expect(rowOf(result, 'TAX')).toEqual({ quantity: '7949', cost_basis: '7949', cost_basis_local: '7949' });
    expect(result.disposals.map((d) => [d.transaction_id, d.transaction_type, num(d.quantity)])).toEqual([
      ['WD', 'WITHDRAWAL', '2010'],
      ['FEE', 'FEE', '25'],
      ['TAX', 'TAX', '16'],
    ]);
  });

  it('converts foreign cash at the rate (the original took base = local, §14 item 5)', () => {
    const eur = replayKey(
      replayInput(
        [
          amount('DEP', 'DEPOSIT', '2024-01-02', '1000', '0', { ccy: 'EUR', transaction_fx_rate: '1.1' }),
          amount('FEE', 'FEE', '2024-01-03', '100', '0', { ccy: 'EUR', transaction_fx_rate: '1.2' }),
        ],
        { instrument: cash('EUR') },
      ),
    );
    // 1000 EUR at 1.10 = 1100 USD; the fee consumes 100 units at their cost, 110 USD; booked 100 × 1.20 = 120.
    expect(costOf(eur, 'DEP')).toMatchObject({ net_cost: '1100', net_cost_local: '1000' });
    expect(costOf(eur, 'FEE')).toMatchObject({ net_cost: '120', net_cost_local: '100' });
    expect(rowOf(eur, 'FEE')).toEqual({ quantity: '900', cost_basis: '990', cost_basis_local: '900' });
    expect(cashflowOf(eur, 'FEE')).toMatchObject({ amount: '-100', amount_base: '-120' });
  });

  it("the original's overdraft: a FEE of 25 on no cash leaves −25 cash and a −25 portfolio flow, not blocked", () => {
    const fee = replayKey(replayInput([amount('FEE', 'FEE', '2024-01-03', '25')], { instrument: cash() }));
    expect(fee.blocked).toBeNull();
    expect(rowOf(fee, 'FEE')).toEqual({ quantity: '-25', cost_basis: '-25', cost_basis_local: '-25' });
    expect(cashflowOf(fee, 'FEE')).toMatchObject({
      amount: '-25',
      classification: 'EXPENSE',
      portfolio: true,
    });
    expect(fee.disposals).toEqual([]);
  });

  it('a WITHDRAWAL beyond the cash held overdraws; the next deposit repays the overdraft first', () => {
    const over = replayKey(
      replayInput(
        [
          amount('DEP', 'DEPOSIT', '2024-01-02', '100'),
          amount('WD', 'WITHDRAWAL', '2024-01-03', '100', '0.5'),
          amount('D2', 'DEPOSIT', '2024-01-04', '10'),
        ],
        { instrument: cash() },
      ),
    );
    expect(over.blocked).toBeNull();
    // 100 held, 100.5 out: the 100 of LOT-DEP is consumed (a disposal), 0.5 is overdrawn (no disposal).
    expect(rowOf(over, 'WD')).toEqual({ quantity: '-0.5', cost_basis: '-0.5', cost_basis_local: '-0.5' });
    expect(costOf(over, 'WD')).toMatchObject({ net_cost: '-100.5', ...NO_REALIZED });
    expect(over.disposals.map((d) => [d.lot_id, num(d.quantity)])).toEqual([['LOT-DEP', '100']]);
    // 10 in: 0.5 repays the overdraft, 9.5 opens a lot at its share of the cost.
    expect(rowOf(over, 'D2')).toEqual({ quantity: '9.5', cost_basis: '9.5', cost_basis_local: '9.5' });
    expect(
      over.lots.map((l) => [l.lot_id, num(l.original_quantity), num(l.open_quantity), num(l.open_cost_base)]),
    ).toEqual([
      ['LOT-DEP', '100', '0', '0'],
      ['OVERDRAFT-WD', '-0.5', '0', '0'],
      ['LOT-D2', '9.5', '9.5', '9.5'],
    ]);
  });

  it.each(['FIFO', 'AVCO'] as const)(
    'a foreign-currency overdraft under %s: booked and repaid at cost',
    (method) => {
      const eur = replayKey(
        replayInput(
          [
            amount('FEE', 'FEE', '2024-01-03', '100', '0', { ccy: 'EUR', transaction_fx_rate: '1.2' }),
            amount('DEP', 'DEPOSIT', '2024-01-04', '150', '0', { ccy: 'EUR', transaction_fx_rate: '1.1' }),
          ],
          { instrument: cash('EUR'), portfolio: portfolio(method) },
        ),
      );
      // −100 EUR at 1.2 = −120 USD; 150 EUR at 1.1: 100 repay the overdraft (its −120 leaves), 50 open a lot at
      // 150 × 1.1 × 50/150 = 55 USD. The repayment's FX difference (100 × (1.2 − 1.1) = 10) is not realized.
      expect(rowOf(eur, 'FEE')).toEqual({ quantity: '-100', cost_basis: '-120', cost_basis_local: '-100' });
      expect(rowOf(eur, 'DEP')).toEqual({ quantity: '50', cost_basis: '55', cost_basis_local: '50' });
      expect(
        eur.lots.map((l) => [l.lot_id, num(l.open_quantity), num(l.open_cost_base), num(l.open_cost_local)]),
      ).toEqual([
        ['OVERDRAFT-FEE', '0', '0', '0'],
        ['LOT-DEP', '50', '55', '50'],
      ]);
    },
  );
});

describe('expenses and income on a security', () => {
  const result = replayKey(
    replayInput([
      trade('B1', 'BUY', '2024-01-02', '10', '100'),
      amount('FEE', 'FEE', '2024-01-03', '7.5'),
      amount('DIV', 'DIVIDEND', '2024-01-04', '12', '1.8'),
      amount('INT', 'INTEREST', '2024-01-05', '3'),
    ]),
  );

  it('FEE on a non-cash security: a cashflow and an expense, no quantity or cost effect', () => {
    expect(costOf(result, 'FEE')).toMatchObject({
      gross_cost: '7.5',
      net_cost: '7.5',
      net_cost_local: '7.5',
    });
    expect(cashflowOf(result, 'FEE')).toMatchObject({ amount: '-7.5', classification: 'EXPENSE' });
    expect(rowOf(result, 'FEE')).toEqual({ quantity: '10', cost_basis: '1000', cost_basis_local: '1000' });
    expect(result.disposals).toEqual([]);
  });

  it('DIVIDEND and INTEREST: income cashflows (gross − fee), costs 0, realized null', () => {
    for (const id of ['DIV', 'INT']) {
      expect(costOf(result, id)).toMatchObject({
        gross_cost: '0',
        net_cost: '0',
        net_cost_local: '0',
        ...NO_REALIZED,
      });
      expect(rowOf(result, id)).toEqual({ quantity: '10', cost_basis: '1000', cost_basis_local: '1000' });
    }
    expect(cashflowOf(result, 'DIV')).toMatchObject({
      amount: '10.2',
      classification: 'INCOME',
      timing: 'EOD',
    });
    expect(cashflowOf(result, 'INT')).toMatchObject({
      amount: '3',
      classification: 'INCOME',
      portfolio: false,
    });
  });
});

describe('cashflow signs for every type (seed-system §5.3), gross 100 and fee 1', () => {
  const types: [EngineTransaction['transaction_type'], string | undefined][] = [
    ['BUY', '-101'],
    ['SELL', '99'],
    ['DIVIDEND', '99'],
    ['INTEREST', '99'],
    ['FEE', '-101'],
    ['TAX', '-101'],
    ['DEPOSIT', '99'],
    ['WITHDRAWAL', '-101'],
    ['TRANSFER_IN', '99'],
    ['TRANSFER_OUT', '-99'],
    ['SPLIT', undefined],
  ];
  it.each(types)('%s: %s (EUR at 1.5 gives 1.5 × that in base)', (type, expected) => {
    const result = replayKey(
      replayInput(
        [
          amount('0-DEP', 'DEPOSIT', '2024-01-01', '1000', '0', { ccy: 'EUR', transaction_fx_rate: '1.5' }),
          txn('1-TXN', type, '2024-01-02', {
            ccy: 'EUR',
            transaction_fx_rate: '1.5',
            quantity: '10',
            gross_transaction_amount: '100',
            trade_fee: '1',
            split_ratio: type === 'SPLIT' ? '1' : null,
          }),
        ],
        { instrument: cash('EUR') },
      ),
    );
    expect(result.blocked).toBeNull();
    const flow = cashflowOf(result, '1-TXN');
    if (expected === undefined) expect(flow).toBeUndefined();
    else expect([flow?.amount, flow?.amount_base]).toEqual([expected, num(dec(expected).times('1.5'))]);
  });
});

describe('TRANSFER_IN and TRANSFER_OUT', () => {
  it('TRANSFER_IN takes the supplied value as cost (at the rate); TRANSFER_OUT removes cost, no realized P&L', () => {
    const result = replayKey(
      replayInput(
        [
          trade('TI', 'TRANSFER_IN', '2024-01-02', '50', '50', '0', {
            ccy: 'EUR',
            transaction_fx_rate: '1.1',
          }),
          trade('TO', 'TRANSFER_OUT', '2024-02-02', '20', '55', '0', {
            ccy: 'EUR',
            transaction_fx_rate: '1.3',
          }),
        ],
        { instrument: equity('EUR') },
      ),
    );
    // In: 50 sh valued 2500 EUR = 2750 USD (the original added gross, ignoring FX, to the base cost).
    expect(costOf(result, 'TI')).toMatchObject({
      gross_cost: '2750',
      net_cost: '2750',
      net_cost_local: '2500',
      ...NO_REALIZED,
    });
    expect(cashflowOf(result, 'TI')).toMatchObject({
      amount: '2500',
      amount_base: '2750',
      classification: 'TRANSFER',
      timing: 'BOD',
      portfolio: true,
    });
    // Out: 20 of 50 sh: 1000 EUR, 1100 USD at the historical rate; the 55 price is only the cashflow's value.
    expect(costOf(result, 'TO')).toMatchObject({
      gross_cost: '-1100',
      net_cost: '-1100',
      net_cost_local: '-1000',
      ...NO_REALIZED,
    });
    expect(cashflowOf(result, 'TO')).toMatchObject({
      amount: '-1100',
      amount_base: '-1430',
      classification: 'TRANSFER',
      timing: 'EOD',
      portfolio: true,
    });
    expect(rowOf(result, 'TO')).toEqual({ quantity: '30', cost_basis: '1650', cost_basis_local: '1500' });
  });
});

describe('a 3-for-2 SPLIT mid-history under every method', () => {
  // A = 100 @ 10, B = 100 @ 13, C = 50 @ 12 (2900 in all); SELL 60 @ 15 (900); SPLIT 1.5; SELL 90 @ 11 (990).
  const history = [
    trade('A', 'BUY', '2024-01-01', '100', '10'),
    trade('B', 'BUY', '2024-01-02', '100', '13'),
    trade('C', 'BUY', '2024-01-03', '50', '12'),
    trade('S1', 'SELL', '2024-01-04', '60', '15'),
    split('SP', '2024-01-05', '1.5'),
    trade('S2', 'SELL', '2024-01-06', '90', '11'),
  ];
  const cases: [CostBasisMethod, string, string, string, string, [string, string | null][]][] = [
    // FIFO: 60 of A = 600; then A's 60 (400) + 30 of B's 150 (260) = 660. Left B 120/1040, C 75/600.
    [
      'FIFO',
      '300',
      '330',
      '2300',
      '1640',
      [
        ['B', '1040'],
        ['C', '600'],
      ],
    ],
    // LIFO: C 600 + 10 of B 130 = 730; then 90 of B's 135 (1170 × 90/135 = 780). Left A 150/1000, B 45/390.
    [
      'LIFO',
      '170',
      '210',
      '2170',
      '1390',
      [
        ['A', '1000'],
        ['B', '390'],
      ],
    ],
    // HIFO: B at 13: 780; then B's 60 (520) + 30 of C's 75 (240) = 760. Left A 150/1000, C 45/360.
    [
      'HIFO',
      '120',
      '230',
      '2120',
      '1360',
      [
        ['A', '1000'],
        ['C', '360'],
      ],
    ],
    // AVCO: 60 × 2900/250 = 696; 90 × 2204/285 = 696. Pool 195 / 1508; B 120 → 928, C 75 → 580.
    [
      'AVCO',
      '204',
      '294',
      '2204',
      '1508',
      [
        ['B', '928'],
        ['C', '580'],
      ],
    ],
  ];
  it.each(cases)('%s: realized %s then %s', (method, r1, r2, afterSplit, finalCost, lots) => {
    const result = replayKey(replayInput(history, { portfolio: portfolio(method) }));
    expect(costOf(result, 'S1').realized).toBe(r1);
    expect(costOf(result, 'S2').realized).toBe(r2);
    // The split scales the quantity (190 → 285) and leaves the cost alone; no cashflow, nothing booked.
    expect(rowOf(result, 'SP')).toEqual({
      quantity: '285',
      cost_basis: afterSplit,
      cost_basis_local: afterSplit,
    });
    expect(costOf(result, 'SP')).toMatchObject({
      gross_cost: '0',
      net_cost: '0',
      net_cost_local: '0',
      ...NO_REALIZED,
    });
    expect(cashflowOf(result, 'SP')).toBeUndefined();
    expect(rowOf(result, 'S2')).toEqual({
      quantity: '195',
      cost_basis: finalCost,
      cost_basis_local: finalCost,
    });
    expect(openLots(result).map(([id, , cost]) => [id, cost])).toEqual(lots);
    // Acquisition dates stay; quantities are in today's units.
    expect(result.lots.map((l) => [l.acquisition_date, num(l.lot_cost_local)])).toEqual([
      ['2024-01-01', '1000'],
      ['2024-01-02', '1300'],
      ['2024-01-03', '600'],
    ]);
  });
});

describe('a position sold down to nothing', () => {
  it.each(['FIFO', 'LIFO', 'HIFO', 'AVCO'] as const)('%s: quantity 0 means costs exactly 0', (method) => {
    // 3 sh for 10 EUR at 1.1 (11 USD): each sale takes 10/3 — a quotient that does not terminate.
    const result = replayKey(
      replayInput(
        [
          trade('B1', 'BUY', '2024-01-01', '3', '3.333', '0.001', { ccy: 'EUR', transaction_fx_rate: '1.1' }),
          trade('S1', 'SELL', '2024-01-02', '1', '4', '0', { ccy: 'EUR', transaction_fx_rate: '1.2' }),
          trade('S2', 'SELL', '2024-01-03', '1', '4', '0', { ccy: 'EUR', transaction_fx_rate: '1.2' }),
          trade('S3', 'SELL', '2024-01-04', '1', '4', '0', { ccy: 'EUR', transaction_fx_rate: '1.2' }),
        ],
        { portfolio: portfolio(method), instrument: equity('EUR') },
      ),
    );
    expect(rowOf(result, 'S1').cost_basis_local).toBe(`6.${'6'.repeat(23)}7`);
    expect(rowOf(result, 'S3')).toEqual({ quantity: '0', cost_basis: '0', cost_basis_local: '0' });
    // Σ realized = 3 × 4 − 10 = 2 EUR; in base 3 × 4.80 − 11 = 3.40, exactly.
    const realized = (key: 'realized_gain_loss' | 'realized_gain_loss_local') =>
      result.costs.reduce((s, c) => s.plus(c[key] ?? 0), dec(0));
    expect(num(realized('realized_gain_loss_local'))).toBe('2');
    expect(num(realized('realized_gain_loss'))).toBe('3.4');
  });
});

describe('blocking', () => {
  it('an oversell blocks the key at that SELL; what came before stays, nothing after is applied', () => {
    const result = replayKey(
      replayInput([
        trade('B1', 'BUY', '2024-01-01', '100', '10'),
        trade('S1', 'SELL', '2024-01-02', '60', '12'),
        trade('S2', 'SELL', '2024-01-03', '50', '12'),
        amount('D1', 'DIVIDEND', '2024-01-04', '5'),
      ]),
    );
    expect(result.blocked).toEqual({
      reason: 'OVERSOLD',
      transaction_id: 'S2',
      detail: 'SELL of 50 exceeds the 40 held',
    });
    expect(result.rows.map((r) => [r.transaction_id, num(r.quantity), num(r.cost_basis)])).toEqual([
      ['B1', '100', '1000'],
      ['S1', '40', '400'],
    ]);
    expect(result.costs.map((c) => c.transaction_id)).toEqual(['B1', 'S1']);
    expect(result.cashflows.map((c) => c.transaction_id)).toEqual(['B1', 'S1']);
    expect(result.disposals.map((d) => d.transaction_id)).toEqual(['S1']);
    expect(openLots(result)).toEqual([['B1', '40', '400', '400']]);
  });

  it('a back-dated BUY heals the oversell and restates the later SELLs', () => {
    const result = replayKey(
      replayInput([
        trade('B1', 'BUY', '2024-01-01', '100', '10'),
        trade('S1', 'SELL', '2024-01-02', '60', '12'),
        trade('S2', 'SELL', '2024-01-03', '50', '12'),
        trade('B0', 'BUY', '2023-12-01', '10', '8'),
      ]),
    );
    expect(result.blocked).toBeNull();
    // FIFO from B0 (8/sh) first: S1 = 10 × 8 + 50 × 10 = 580 → realized 720 − 580 = 140.
    expect(costOf(result, 'S1').realized).toBe('140');
    expect(rowOf(result, 'S2')).toEqual({ quantity: '0', cost_basis: '0', cost_basis_local: '0' });
  });

  it('a missing portfolio blocks at the first transaction in replay order, before a missing instrument', () => {
    const txns = [trade('B2', 'BUY', '2024-02-01', '1', '1'), trade('B1', 'BUY', '2024-01-01', '1', '1')];
    const result = replayKey(replayInput(txns, { portfolio: null, instrument: null }));
    expect(result).toEqual({
      rows: [],
      costs: [],
      cashflows: [],
      lots: [],
      disposals: [],
      blocked: { reason: 'MISSING_PORTFOLIO', transaction_id: 'B1', detail: 'portfolio P1 is not known yet' },
    });
  });

  it('a missing instrument blocks at the first transaction', () => {
    const txns = [trade('B2', 'BUY', '2024-02-01', '1', '1'), trade('B1', 'BUY', '2024-01-01', '1', '1')];
    const result = replayKey(replayInput(txns, { instrument: null }));
    expect(result.blocked).toEqual({
      reason: 'MISSING_INSTRUMENT',
      transaction_id: 'B1',
      detail: 'instrument SEC1 is not known yet',
    });
    expect(result.rows).toEqual([]);
  });

  it('a key without transactions has nothing to block', () => {
    expect(replayKey(replayInput([], { portfolio: null })).blocked).toBeNull();
  });

  const invalid: [string, EngineTransaction, string][] = [
    [
      'a SELL of quantity 0',
      trade('X', 'SELL', '2024-01-02', '0', '10'),
      'SELL: quantity must be greater than 0, got 0',
    ],
    [
      'a TRANSFER_IN of quantity 0',
      trade('X', 'TRANSFER_IN', '2024-01-02', '0', '10'),
      'TRANSFER_IN: quantity must be greater than 0, got 0',
    ],
    [
      'a SELL whose fee exceeds its gross',
      trade('X', 'SELL', '2024-01-02', '1', '10', '11'),
      'SELL: net proceeds (gross 10 − fee 11) must not be negative',
    ],
    [
      'a negative accrued interest',
      txn('X', 'BUY', '2024-01-02', { quantity: '1', gross_transaction_amount: '1', accrued_interest: '-1' }),
      'BUY: accrued_interest must not be negative, got -1',
    ],
    [
      'a negative fee',
      trade('X', 'BUY', '2024-01-02', '1', '10', '-1'),
      'BUY: trade_fee must not be negative, got -1',
    ],
    ['a SPLIT without a ratio', txn('X', 'SPLIT', '2024-01-02'), 'SPLIT: split_ratio is required'],
    [
      'a SPLIT with ratio 0',
      split('X', '2024-01-02', '0'),
      'SPLIT: split_ratio must be greater than 0, got 0',
    ],
    [
      'an unreadable number',
      trade('X', 'BUY', '2024-01-02', '1', '1', '0', { gross_transaction_amount: '0x10' }),
      'BUY: gross_transaction_amount must be a decimal number, got "0x10"',
    ],
    [
      'an unknown type',
      txn('X', 'OTHER' as EngineTransaction['transaction_type'], '2024-01-02'),
      'unknown transaction type "OTHER"',
    ],
  ];
  it.each(invalid)('%s is INVALID_TRANSACTION, with the rows before it', (_, bad, detail) => {
    const result = replayKey(replayInput([trade('B1', 'BUY', '2024-01-01', '10', '10'), bad]));
    expect(result.blocked).toEqual({ reason: 'INVALID_TRANSACTION', transaction_id: 'X', detail });
    expect(result.rows.map((r) => r.transaction_id)).toEqual(['B1']);
  });
});

describe('order and identity', () => {
  it('a SELL at the instant of its BUY is not an oversell, whatever the ids (§14 item 4)', () => {
    const at = '2024-05-01T15:30:00.000Z';
    const result = replayKey(
      replayInput([trade('A-SELL', 'SELL', at, '100', '11'), trade('Z-BUY', 'BUY', at, '100', '10')]),
    );
    expect(result.blocked).toBeNull();
    expect(result.rows.map((r) => [r.seq, r.transaction_id, num(r.quantity)])).toEqual([
      [1, 'Z-BUY', '100'],
      [2, 'A-SELL', '0'],
    ]);
    expect(costOf(result, 'A-SELL').realized).toBe('100');
  });

  it('gives the same result for any arrival order and for a transaction given twice', () => {
    const txns = [
      trade('B1', 'BUY', '2024-01-01', '10', '10'),
      trade('B2', 'BUY', '2024-01-02', '10', '12'),
      trade('S1', 'SELL', '2024-01-03', '15', '13', '1'),
      amount('D1', 'DIVIDEND', '2024-01-04', '2'),
    ];
    const reference = plain(replayKey(replayInput(txns)));
    const shuffled = [txns[3]!, txns[1]!, txns[2]!, txns[0]!, txns[2]!];
    expect(plain(replayKey(replayInput(shuffled)))).toEqual(reference);
  });

  it('refuses two different versions of one transaction, and a transaction of another key', () => {
    const b1 = trade('B1', 'BUY', '2024-01-01', '10', '10');
    expect(() => replayKey(replayInput([b1, { ...b1, quantity: '11' }]))).toThrow(/given twice/);
    expect(() => replayKey(replayInput([{ ...b1, security_id: 'OTHER' }]))).toThrow(/belongs to/);
  });
});
