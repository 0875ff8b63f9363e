import { cash, instrumentRecord, on, portfolioRecord, price, trade } from '../positions/positions-harness.ts';

/**
 * The worked example of docs/analytics/contribution-attribution.md through the real pipeline: 10,000 deposited
 * on 2 Jan; 40 AAPL at 100 and 50 XOM at 80 bought on 3 Jan with their cash legs; AAPL 110 and XOM 76 on 4 Jan;
 * 1,000 deposited and a 50 XOM dividend on 5 Jan; 20 AAPL sold at 120 and 100 withdrawn on 8 Jan.
 */
export const workedExample = {
  portfolios: [portfolioRecord('P1', { open_date: '2024-01-01' })],
  instruments: [
    cash,
    instrumentRecord('AAPL', { sector: 'Technology' }),
    instrumentRecord('XOM', { sector: 'Energy', rating: 'AA' }),
  ],
  transactions: [
    trade('D1', 'DEPOSIT', '2024-01-02', '10000', '1', on('CASH_USD')),
    trade('B1', 'BUY', '2024-01-03', '40', '100', on('AAPL')),
    trade('B1C', 'SELL', '2024-01-03', '4000', '1', on('CASH_USD')),
    trade('B2', 'BUY', '2024-01-03', '50', '80', on('XOM')),
    trade('B2C', 'SELL', '2024-01-03', '4000', '1', on('CASH_USD')),
    trade('D2', 'DEPOSIT', '2024-01-05', '1000', '1', on('CASH_USD')),
    trade('V1', 'DIVIDEND', '2024-01-05', '0', '0', on('XOM', { gross_transaction_amount: '50' })),
    trade('V1C', 'BUY', '2024-01-05', '50', '1', on('CASH_USD')),
    trade('S1', 'SELL', '2024-01-08', '20', '120', on('AAPL')),
    trade('S1C', 'BUY', '2024-01-08', '2400', '1', on('CASH_USD')),
    trade('W1', 'WITHDRAWAL', '2024-01-08', '100', '1', on('CASH_USD')),
  ],
  market_prices: [
    price('AAPL', '2024-01-03', '100'),
    price('AAPL', '2024-01-04', '110'),
    price('AAPL', '2024-01-08', '120'),
    price('XOM', '2024-01-03', '80'),
    price('XOM', '2024-01-04', '76'),
  ],
  business_dates: [{ business_date: '2024-01-08' }],
};

/** Its first days, as attribution.test.ts uses them: no withdrawal on 8 Jan, XOM without a rating. */
export const workedExampleFirstDays = {
  ...workedExample,
  instruments: [
    cash,
    instrumentRecord('AAPL', { sector: 'Technology' }),
    instrumentRecord('XOM', { sector: 'Energy' }),
  ],
  transactions: workedExample.transactions.filter((t) => t.transaction_id !== 'W1'),
};
