-- Bond terms of an instrument, when the client knows them: with maturity_date they let the constituents
-- answer give a bond's yield, duration and convexity (GET /portfolios/{id}/constituents). All optional.
ALTER TABLE instruments
  ADD COLUMN coupon_rate      numeric,
  ADD COLUMN coupon_frequency text,
  ADD COLUMN day_count        text,
  ADD COLUMN issue_date       date;
