-- Position engine: the transaction fields it reads, the per-key state (epoch, watermark, status) and the rows
-- it derives per (portfolio, security) key. Portfolio-owned tables key on portfolio_id first (design §2.8).
-- Every amount, quantity and rate is unbounded numeric.

-- ─── Transaction fields the engine reads ─────────────────────────────────────────────────────────────────
ALTER TABLE transactions ADD COLUMN accrued_interest numeric;
ALTER TABLE transactions ADD COLUMN split_ratio numeric;
-- An instrument change replays every key of the security, whatever the portfolio.
CREATE INDEX transactions_security_idx ON transactions (security_id);

-- ─── Key state ───────────────────────────────────────────────────────────────────────────────────────────
-- One row per (portfolio, security) the position stage has seen. Its row lock serialises the writers of the
-- key (stages in several processes); epoch + 1 on every back-dated rebuild; watermark_date = date of the
-- last applied row. A BLOCKED key names the transaction it stopped at and why.
CREATE TABLE position_keys (
  portfolio_id           text NOT NULL,
  security_id            text NOT NULL,
  epoch                  integer NOT NULL DEFAULT 0,
  watermark_date         date,
  status                 text NOT NULL DEFAULT 'CURRENT' CHECK (status IN ('CURRENT', 'REPROCESSING', 'BLOCKED')),
  blocked_reason         text,
  blocked_transaction_id text,
  blocked_detail         text,
  replays                bigint NOT NULL DEFAULT 0,
  updated_at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portfolio_id, security_id)
);
CREATE INDEX position_keys_security_idx ON position_keys (security_id);

-- ─── Derived rows ────────────────────────────────────────────────────────────────────────────────────────
-- The key's position after each applied transaction, in replay order (seq). Each row carries the epoch it
-- was written under: a rebuild rewrites the rows from the date it starts at, earlier rows keep theirs.
CREATE TABLE position_history (
  portfolio_id     text NOT NULL,
  security_id      text NOT NULL,
  seq              integer NOT NULL,
  transaction_id   text NOT NULL,
  position_date    date NOT NULL,
  epoch            integer NOT NULL,
  quantity         numeric NOT NULL,
  cost_basis       numeric NOT NULL,
  cost_basis_local numeric NOT NULL,
  PRIMARY KEY (portfolio_id, security_id, seq)
);
CREATE INDEX position_history_date_idx ON position_history (portfolio_id, position_date);

-- The booked figures of each applied transaction (GET /portfolios/{id}/transactions).
CREATE TABLE transaction_costs (
  transaction_id           text PRIMARY KEY,
  portfolio_id             text NOT NULL,
  security_id              text NOT NULL,
  position_date            date NOT NULL,
  epoch                    integer NOT NULL,
  transaction_fx_rate      numeric NOT NULL,
  fx_source                text NOT NULL,
  fx_rate_date             date,
  gross_cost               numeric,
  net_cost                 numeric,
  net_cost_local           numeric,
  realized_gain_loss       numeric,
  realized_gain_loss_local numeric,
  realized_gain_loss_fx    numeric,
  realized_gain_loss_price numeric
);
CREATE INDEX transaction_costs_key_idx ON transaction_costs (portfolio_id, security_id, position_date);

CREATE TABLE cashflows (
  transaction_id    text PRIMARY KEY,
  portfolio_id      text NOT NULL,
  security_id       text NOT NULL,
  cashflow_date     date NOT NULL,
  amount            numeric NOT NULL,
  currency          char(3) NOT NULL,
  amount_base       numeric NOT NULL,
  classification    text NOT NULL,
  timing            text NOT NULL,
  is_position_flow  boolean NOT NULL,
  is_portfolio_flow boolean NOT NULL,
  calculation_type  text NOT NULL,
  epoch             integer NOT NULL
);
CREATE INDEX cashflows_date_idx ON cashflows (portfolio_id, cashflow_date);
CREATE INDEX cashflows_key_idx ON cashflows (portfolio_id, security_id, cashflow_date);

-- Every lot the key ever opened, with what is still open; rewritten whole on each replay of the key.
CREATE TABLE lots (
  portfolio_id                text NOT NULL,
  security_id                 text NOT NULL,
  lot_id                      text NOT NULL,
  source_transaction_id       text NOT NULL,
  acquisition_date            date NOT NULL,
  original_quantity           numeric NOT NULL,
  open_quantity               numeric NOT NULL,
  lot_cost_local              numeric NOT NULL,
  lot_cost_base               numeric NOT NULL,
  open_cost_local             numeric NOT NULL,
  open_cost_base              numeric NOT NULL,
  accrued_interest_paid_local numeric NOT NULL,
  PRIMARY KEY (portfolio_id, security_id, lot_id)
);

-- Quantity leaving the key, per lot it came from (SELL, TRANSFER_OUT, WITHDRAWAL, …).
CREATE TABLE disposals (
  portfolio_id     text NOT NULL,
  security_id      text NOT NULL,
  transaction_id   text NOT NULL,
  lot_id           text NOT NULL,
  transaction_type text NOT NULL,
  disposal_date    date NOT NULL,
  quantity         numeric NOT NULL,
  cost_local       numeric NOT NULL,
  cost_base        numeric NOT NULL,
  PRIMARY KEY (portfolio_id, security_id, transaction_id, lot_id)
);
