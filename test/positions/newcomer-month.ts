import { type Bundle, instrumentRecord, price, trade } from './positions-harness.ts';

/**
 * The newcomer's month (issue 14): a EUR portfolio buys 100 ACME
 * (USD) at 50 with a 10 USD fee on 1 March, receives a 40 USD dividend on the 15th, sells 40 at 55 with a 5 USD
 * fee on the 20th; USD/EUR 0.90 (1st), 0.92 (11th), 0.91 (25th); ACME 50, 52 (8th), 54 (15th), 55 (20th),
 * 56 (29th). No cash legs are booked.
 *
 * By hand, the settlement in EUR: the purchase costs (100 × 50 + 10) × 0.90 = 4,509, which the empty cash
 * account cannot pay, so 4,509 is funded (an external flow at the start of the 1st); the dividend brings
 * 40 × 0.92 = 36.80, the sale (40 × 55 − 5) × 0.92 = 2,019.40. On the 29th the portfolio holds 60 × 56 × 0.91
 * = 3,057.60 of ACME and 2,056.20 of cash: 5,113.80. With the one flow at the start, the month's TWR is
 * 5,113.80 / 4,509 − 1.
 */
export const ACME = instrumentRecord('ACME');
export const onP = (portfolio_id: string, security_id: string, over: Record<string, unknown> = {}) => ({
  portfolio_id,
  security_id,
  instrument_id: security_id,
  ...over,
});

export const trades = (p: string) => [
  trade(`${p}-B1`, 'BUY', '2024-03-01', '100', '50', onP(p, 'ACME', { trade_fee: '10' })),
  trade(`${p}-V1`, 'DIVIDEND', '2024-03-15', '0', '0', onP(p, 'ACME', { gross_transaction_amount: '40' })),
  trade(`${p}-S1`, 'SELL', '2024-03-20', '40', '55', onP(p, 'ACME', { trade_fee: '5' })),
];

/** The legs a client of the original books by hand for the same trades (seed-system §5.4), in EUR. */
export const handLegs = (p: string) => {
  const cashTrade = (id: string, type: string, date: string, amount: string) =>
    trade(id, type, date, amount, '1', onP(p, 'CASH_EUR', { trade_currency: 'EUR', currency: 'EUR' }));
  return [
    cashTrade(`${p}-D1`, 'DEPOSIT', '2024-03-01', '4509'),
    cashTrade(`${p}-B1C`, 'SELL', '2024-03-01', '4509'),
    cashTrade(`${p}-V1C`, 'BUY', '2024-03-15', '36.8'),
    cashTrade(`${p}-S1C`, 'BUY', '2024-03-20', '2019.4'),
  ];
};

export const market: Bundle = {
  instruments: [ACME],
  fx_rates: [
    { from_currency: 'USD', to_currency: 'EUR', rate_date: '2024-03-01', rate: '0.9' },
    { from_currency: 'USD', to_currency: 'EUR', rate_date: '2024-03-11', rate: '0.92' },
    { from_currency: 'USD', to_currency: 'EUR', rate_date: '2024-03-25', rate: '0.91' },
  ],
  market_prices: Object.entries({
    '2024-03-01': '50',
    '2024-03-08': '52',
    '2024-03-15': '54',
    '2024-03-20': '55',
    '2024-03-29': '56',
  }).map(([date, close]) => price('ACME', date, close)),
};

export const eur = { base_currency: 'EUR', open_date: '2024-03-01' };
export const MONTH_TWR = 5113.8 / 4509 - 1;
