import { describe, expect, it } from 'vitest';
import { post } from '../support/http.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';
import { eur, handLegs, MONTH_TWR, market, onP, trades } from './newcomer-month.ts';
import { instrumentRecord, openPositions, portfolioRecord, trade } from './positions-harness.ts';

/** Cash mode AUTO (issue 14) through the real pipeline, on the newcomer's month (newcomer-month.ts). */
const TOL = 10; // float64 series, a month of daily links: 1e-10

describe.each(stores())('cash mode AUTO on $kind', (store) => {
  const h = forSuite(
    () => openPositions(store),
    async () => {
      await h.ingestAndSettle({
        ...market,
        portfolios: [
          portfolioRecord('AUTO1', { ...eur, cash_mode: 'AUTO' }),
          portfolioRecord('HAND1', eur),
          portfolioRecord('NOLEG', eur),
        ],
        transactions: [...trades('AUTO1'), ...trades('HAND1'), ...handLegs('HAND1'), ...trades('NOLEG')],
        business_dates: [{ business_date: '2024-03-29' }],
      });
    },
  );

  it('books the settlement legs and the funding into CASH_EUR, exactly', async () => {
    const positions = await h.get('/portfolios/AUTO1/positions');
    const cash = positions.positions.find((p: { security_id: string }) => p.security_id === 'CASH_EUR');
    expect(cash.quantity).toBe('2056.2');
    const history = await h.get('/portfolios/AUTO1/position-history?security_id=CASH_EUR');
    const ids = history.positions.map((r: { transaction_id: string }) => r.transaction_id);
    expect(ids).toEqual(['AUTO1-B1:FUND', 'AUTO1-B1:SETTLE', 'AUTO1-V1:SETTLE', 'AUTO1-S1:SETTLE']);
    const key = await h.key('AUTO1', 'CASH_EUR');
    expect(key?.status).toBe('CURRENT');
    const portfolio = await h.get('/portfolios/AUTO1');
    expect(portfolio.cash_mode).toBe('AUTO');
    expect((await h.get('/portfolios/HAND1')).cash_mode).toBe('EXPLICIT');
  });

  it('gives the same portfolio series and returns as the hand-booked legs', async () => {
    const auto = await h.get('/portfolios/AUTO1/timeseries?start_date=2024-03-01&end_date=2024-03-29');
    const hand = await h.get('/portfolios/HAND1/timeseries?start_date=2024-03-01&end_date=2024-03-29');
    expect(auto.rows.length).toBe(29);
    expect(auto.rows).toEqual(hand.rows);
    const body = { periods: [{ type: 'EXPLICIT', name: 'March', from: '2024-03-01', to: '2024-03-29' }] };
    const a = await post(h, '/portfolios/AUTO1/performance', body);
    const b = await post(h, '/portfolios/HAND1/performance', body);
    expect(a.summary.March.cumulative_return).toBe(b.summary.March.cumulative_return);
  });

  it('the newcomer’s month: the stock’s return in EUR, weighted as held, by hand', async () => {
    const body = await post(h, '/portfolios/AUTO1/performance', {
      periods: [{ type: 'EXPLICIT', name: 'March', from: '2024-03-01', to: '2024-03-29' }],
    });
    expect(body.summary.March.cumulative_return).toBeCloseTo(MONTH_TWR, TOL);
    // Without legs in EXPLICIT mode the purchase reads as a gain and the sale as a loss: not the same figure.
    const noLeg = await post(h, '/portfolios/NOLEG/performance', {
      periods: [{ type: 'EXPLICIT', name: 'March', from: '2024-03-01', to: '2024-03-29' }],
    });
    expect(noLeg.summary.March.cumulative_return ?? 0).not.toBeCloseTo(MONTH_TWR, 2);
  });

  it('a trade without an FX rate blocks the cash key at it; the rate heals it', async () => {
    await h.ingestAndSettle(
      {
        portfolios: [portfolioRecord('AUTO2', { base_currency: 'EUR', cash_mode: 'AUTO' })],
        instruments: [instrumentRecord('GBPCO', { currency: 'GBP' })],
        transactions: [
          trade(
            'AUTO2-B1',
            'BUY',
            '2024-03-04',
            '10',
            '10',
            onP('AUTO2', 'GBPCO', { trade_currency: 'GBP', currency: 'GBP' }),
          ),
        ],
      },
      'complete_with_problems',
    );
    const key = await h.key('AUTO2', 'CASH_EUR');
    expect(key).toMatchObject({
      status: 'BLOCKED',
      blocked_reason: 'MISSING_FX',
      blocked_transaction_id: 'AUTO2-B1',
    });
    await h.ingestAndSettle({
      fx_rates: [{ from_currency: 'GBP', to_currency: 'EUR', rate_date: '2024-03-01', rate: '1.17' }],
    });
    expect(await h.key('AUTO2', 'CASH_EUR')).toMatchObject({ status: 'CURRENT' });
    const positions = await h.get('/portfolios/AUTO2/positions');
    const cash = positions.positions.find((p: { security_id: string }) => p.security_id === 'CASH_EUR');
    // Funded 117 and paid 117: nothing left.
    expect(cash?.quantity ?? '0').toBe('0');
  });
});
