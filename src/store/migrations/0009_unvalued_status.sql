-- Issue 10: a position held without a base market value (a price but no FX rate to base, or no instrument) is
-- UNVALUED. The series stage wrote CURRENT or STALE (the price's status) for it before; rows it has not
-- rewritten since are corrected here, by the same rule (valuation/position-days.ts).
UPDATE position_daily
SET valuation_status = 'UNVALUED'
WHERE quantity <> 0 AND eod_market_value IS NULL AND valuation_status <> 'UNVALUED';
