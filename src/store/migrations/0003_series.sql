-- Series stage (issue 4): the daily position and portfolio series, and the holdings index its fan-out reads.
-- Market values, flows in base currency, prices, FX rates and P&L are float64 (double precision): design §2.5
-- says booked amounts are exact decimals, valuations are not. Quantity and cost basis are the position engine's
-- exact decimals converted to float64 by the valuation engine; they are stored as double precision too (the
-- exact figures stay in position_history, which the API serves as decimal strings).

-- One position (portfolio, security) on one calendar day, first activity .. latest business date.
CREATE TABLE position_daily (
  portfolio_id               text NOT NULL,
  security_id                text NOT NULL,
  date                       date NOT NULL,
  quantity                   double precision NOT NULL,
  cost_basis                 double precision NOT NULL,
  cost_basis_local           double precision NOT NULL,
  market_price               double precision,
  price_date                 date,
  valuation_status           text NOT NULL CHECK (valuation_status IN ('CURRENT', 'STALE', 'UNVALUED')),
  fx_rate                    double precision,
  fx_date                    date,
  bod_market_value_local     double precision,
  eod_market_value_local     double precision,
  bod_market_value           double precision,
  eod_market_value           double precision,
  bod_cashflow_local         double precision NOT NULL,
  eod_cashflow_local         double precision NOT NULL,
  bod_cashflow               double precision NOT NULL,
  eod_cashflow               double precision NOT NULL,
  income                     double precision NOT NULL,
  fees                       double precision NOT NULL,
  unrealized_gain_loss_local double precision,
  unrealized_gain_loss       double precision,
  incomplete_reason          text,
  PRIMARY KEY (portfolio_id, security_id, date)
);
-- As-of reads (positions, valuation, allocation): every position of a portfolio on one date.
CREATE INDEX position_daily_date_idx ON position_daily (portfolio_id, date);

-- One portfolio day in base currency.
CREATE TABLE portfolio_daily (
  portfolio_id       text NOT NULL,
  date               date NOT NULL,
  bod_market_value   double precision NOT NULL,
  eod_market_value   double precision NOT NULL,
  bod_cashflow       double precision NOT NULL,
  eod_cashflow       double precision NOT NULL,
  fees               double precision NOT NULL,
  income             double precision NOT NULL,
  realized_gain_loss double precision NOT NULL,
  complete           boolean NOT NULL,
  incomplete_reason  text,
  PRIMARY KEY (portfolio_id, date)
);

-- Holdings index: which portfolios hold a security over which dates, from position_history. last_date is the
-- date the position last went to 0 (null: still held). A position closed and reopened keeps one range from its
-- first to its last date (an over-approximation: a price in the gap rebuilds a portfolio that did not need it).
-- A price or FX fact's fan-out is a lookup on it, keyed by security first.
CREATE TABLE holdings (
  security_id  text NOT NULL,
  portfolio_id text NOT NULL,
  first_date   date NOT NULL,
  last_date    date,
  PRIMARY KEY (security_id, portfolio_id)
);
CREATE INDEX holdings_portfolio_idx ON holdings (portfolio_id);
