-- Issue 14: a portfolio's cash mode. EXPLICIT (the original's model, and the default): the client books every
-- cash leg. AUTO: the position engine books the settlement of every trade, income, fee and tax into the
-- portfolio's base-currency cash position CASH_<BASE> (src/domain/positions/auto-cash.ts).
ALTER TABLE portfolios ADD COLUMN cash_mode text NOT NULL DEFAULT 'EXPLICIT';
