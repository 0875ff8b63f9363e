-- The series stage's FX fan-out asks, per held security, whether any of its prices is quoted in a currency of the
-- changed pair (EXISTS on market_prices). Without this index each probe walks the security's whole price history.
CREATE INDEX market_prices_currency_idx ON market_prices (security_id, currency);
