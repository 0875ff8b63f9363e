import { Type } from 'typebox';
import * as S from './common.schemas.ts';
import { CASHFLOW_CLASSIFICATIONS } from './transactions.schemas.ts';

const KEY_STATUSES = ['CURRENT', 'REPROCESSING', 'BLOCKED'] as const;

export const keyStatus = S.stringEnum(KEY_STATUSES, {
  description:
    'CURRENT: the derived data reflects every fact of the key. BLOCKED: the engine stopped at a transaction ' +
    '(see blocked_reason); rows before it are valid, later ones are absent until the fact that fixes it ' +
    'arrives. REPROCESSING: a rebuild is in flight (seen only when stages run in other processes; in one ' +
    'process a rebuild is a single transaction).',
});

// ─── GET /portfolios/{id}/positions ────────────────────────────────────────────────────────────────────────

const nullableFloat = (description: string) =>
  S.nullable(
    Type.Number({
      description: `${description} A float64 JSON number (valuations are not exact decimals); null when unvalued, never 0.`,
    }),
  );

export const listPositionsSchema = {
  tags: ['positions'],
  summary: 'Holdings as of a date, valued',
  description:
    'The last position_history row on or before the as-of date (default: the latest business date; with no ' +
    'business date yet, the latest row) of every key of the portfolio whose quantity is not 0, with instrument ' +
    'fields and the valuation of that day from the position daily series. Weight is by market value; by cost ' +
    'basis only when no position is valued.',
  params: S.portfolioParams,
  querystring: S.closed({
    as_of_date: Type.Optional(S.dateParam('As-of date; default the latest business date')),
  }),
  response: {
    200: Type.Object(
      {
        portfolio_id: Type.String(),
        as_of_date: S.nullableIsoDate('The as-of date used; null when there is no business date yet.'),
        positions: Type.Array(
          Type.Object({
            security_id: S.text('Security id.'),
            quantity: S.decimal('Quantity held.'),
            instrument_name: S.text("Instrument name; 'N/A' while the instrument is not known."),
            position_date: S.isoDate('Date of the last transaction applied.'),
            asset_class: S.nullableText('Asset class.'),
            isin: S.nullableText('ISIN.'),
            currency: S.nullableText('Instrument currency, ISO 4217.'),
            sector: S.nullableText('Sector.'),
            country_of_risk: S.nullableText('Country of risk.'),
            cost_basis: S.decimal('Cost of the open lots, portfolio base currency.'),
            cost_basis_local: S.decimal('Cost of the open lots, trade currency.'),
            valuation: S.nullable(
              Type.Object(
                {
                  market_price: nullableFloat('Price used (carried forward when STALE).'),
                  market_value: nullableFloat('Market value, base currency.'),
                  unrealized_gain_loss: nullableFloat('Market value − cost basis, base.'),
                  market_value_local: nullableFloat('Market value, instrument currency.'),
                  unrealized_gain_loss_local: nullableFloat('Market value − cost basis, local.'),
                },
                {
                  description:
                    'The valuation of the as-of day; null when the daily series has no row for it.',
                },
              ),
            ),
            valuation_status: S.nullable(
              S.stringEnum(['CURRENT', 'STALE', 'UNVALUED', null] as const, {
                description:
                  'CURRENT, STALE (older price, see price_date) or UNVALUED (no market value in base: no ' +
                  'price, no usable FX to base, see incomplete_reason); null without a series row.',
              }),
            ),
            price_date: S.nullableIsoDate('Date of the price used.'),
            price_age_days: S.nullable(
              Type.Integer({
                description: 'as_of_date − price_date in calendar days; null without a price.',
              }),
            ),
            fx_rate: nullableFloat(
              'Instrument currency → base rate used; 1 for the base currency; null without a usable rate.',
            ),
            fx_rate_date: S.nullableIsoDate(
              'Date of the FX quote used (the older leg when triangulated); null when none is needed or found.',
            ),
            fx_rate_age_days: S.nullable(
              Type.Integer({
                description: 'as_of_date − fx_rate_date in calendar days; null without a dated rate.',
              }),
            ),
            incomplete_reason: S.nullableText(
              "Why the position is not fully valued: 'NO_PRICE', 'MISSING_FX EUR/USD', 'POSITION_BLOCKED' …",
            ),
            reprocessing_status: keyStatus,
            held_since_date: S.isoDate('First date after the position last stood at 0 (or was opened).'),
            weight: Type.Number({
              description:
                'market_value / Σ market value of the holdings (unvalued count 0); when none is valued, ' +
                'cost_basis / Σ cost basis. 0 when the sum is not positive. A float.',
            }),
          }),
        ),
      },
      { description: 'The holdings, by security_id.' },
    ),
    404: S.portfolioIdNotFound,
  },
} as const;

// ─── GET /portfolios/{id}/position-history ─────────────────────────────────────────────────────────────────

export const positionHistorySchema = {
  tags: ['positions'],
  summary: 'Position after each transaction of one security',
  description:
    'One row per applied transaction, in replay order (trade instant; at one instant acquisitions before ' +
    'disposals; then transaction id). Each row carries the epoch it was written under.',
  params: S.portfolioParams,
  querystring: Type.Object({ security_id: S.text('Security id.'), ...S.dateRangeParams }),
  response: {
    200: Type.Object(
      {
        portfolio_id: Type.String(),
        security_id: Type.String(),
        positions: Type.Array(
          Type.Object({
            position_date: S.isoDate('UTC date of the transaction.'),
            transaction_id: S.text('The transaction applied.'),
            quantity: S.decimal('Quantity after it.'),
            cost_basis: S.decimal('Cost of the open lots after it, base currency.'),
            cost_basis_local: S.decimal('Cost of the open lots after it, trade currency.'),
            epoch: Type.Integer({ description: "The key's epoch when the row was written." }),
          }),
        ),
      },
      { description: 'The rows, in replay order.' },
    ),
    404: S.portfolioIdNotFound,
    422: S.invalidQuery,
  },
} as const;

// ─── GET /portfolios/{id}/positions/{security_id}/lots ─────────────────────────────────────────────────────

export const listLotsSchema = {
  tags: ['positions'],
  summary: 'Lots of one security',
  description: 'Every lot the key opened, with what is still open, by acquisition date.',
  params: S.keyParams,
  response: {
    200: Type.Object(
      {
        portfolio_id: Type.String(),
        security_id: Type.String(),
        lots: Type.Array(
          Type.Object({
            lot_id: S.text('Lot id.'),
            source_transaction_id: S.text('The transaction that opened the lot.'),
            security_id: S.text('Security id.'),
            acquisition_date: S.isoDate('Acquisition date (kept through splits).'),
            original_quantity: S.decimal('Quantity acquired (scaled by later splits).'),
            open_quantity: S.decimal('Quantity still open.'),
            lot_cost_local: S.decimal('Cost of the whole lot, trade currency.'),
            lot_cost_base: S.decimal('Cost of the whole lot, base currency.'),
            open_cost_local: S.decimal('Cost of the open quantity, trade currency.'),
            open_cost_base: S.decimal('Cost of the open quantity, base currency.'),
            accrued_interest_paid_local: S.decimal('Accrued interest paid at purchase, trade currency.'),
          }),
        ),
      },
      { description: 'The lots.' },
    ),
    404: S.portfolioIdNotFound,
  },
} as const;

// ─── GET /portfolios/{id}/positions/{security_id}/sell-disposals ───────────────────────────────────────────

export const listSellDisposalsSchema = {
  tags: ['positions'],
  summary: 'Sales of one security',
  description:
    'One row per SELL, its lots consumed summed. net_sell_proceeds = realized_gain_loss + disposal cost basis.',
  params: S.keyParams,
  response: {
    200: Type.Object(
      {
        portfolio_id: Type.String(),
        security_id: Type.String(),
        sell_disposals: Type.Array(
          Type.Object({
            transaction_id: S.text('The SELL.'),
            transaction_date: S.instant('Trade date and time (UTC).'),
            security_id: S.text('Security id.'),
            quantity_disposed: S.decimal('Quantity sold.'),
            disposal_cost_basis_base: S.decimal('Cost of the lots consumed, base currency.'),
            disposal_cost_basis_local: S.decimal('Cost of the lots consumed, trade currency.'),
            net_sell_proceeds_base: S.nullableDecimal('Proceeds net of fees, base currency.'),
            net_sell_proceeds_local: S.nullableDecimal('Proceeds net of fees, trade currency.'),
            realized_gain_loss_base: S.nullableDecimal('Realized P&L, base currency.'),
            realized_gain_loss_local: S.nullableDecimal('Realized P&L, trade currency.'),
            realized_gain_loss_fx: S.nullableDecimal('FX part of the base realized P&L.'),
            realized_gain_loss_price: S.nullableDecimal('Price part of the base realized P&L.'),
          }),
        ),
      },
      { description: 'The sales, by trade date.' },
    ),
    404: S.portfolioIdNotFound,
  },
} as const;

// ─── GET /portfolios/{id}/transactions/{transaction_id}/cash-linkage ───────────────────────────────────────

export const cashLinkageSchema = {
  tags: ['positions'],
  summary: 'The cashflow of one transaction, with its linkage ids',
  params: Type.Object({ portfolio_id: S.text('Portfolio id.'), transaction_id: S.text('Transaction id.') }),
  response: {
    200: Type.Object(
      {
        portfolio_id: S.text('Portfolio id.'),
        transaction_id: S.text('Transaction id.'),
        transaction_type: S.text('Transaction type.'),
        economic_event_id: S.nullableText('Economic event the transaction belongs to.'),
        linked_transaction_group_id: S.nullableText('Group of linked transactions.'),
        cashflow_date: S.nullableIsoDate('Cashflow date.'),
        cashflow_amount: S.nullableDecimal('Signed cashflow amount, in cashflow_currency.'),
        cashflow_currency: S.nullableText('Cashflow currency.'),
        cashflow_classification: S.nullable(
          S.stringEnum([...CASHFLOW_CLASSIFICATIONS, null] as const, {
            description: 'Cashflow classification.',
          }),
        ),
      },
      { description: 'The transaction and its cashflow; cashflow fields are null until derived.' },
    ),
    404: S.problemResponse('The portfolio has no transaction with this id (NOT_FOUND).'),
  },
} as const;

// ─── GET /portfolios/{id}/cashflows ────────────────────────────────────────────────────────────────────────

export const listCashflowsSchema = {
  tags: ['positions'],
  summary: "A portfolio's cashflows",
  description: 'Cashflows by date, then transaction id; one per applied transaction that moves cash.',
  params: S.portfolioParams,
  querystring: Type.Object({
    ...S.dateRangeParams,
    classification: Type.Optional(
      S.stringEnum(CASHFLOW_CLASSIFICATIONS, { description: 'Only this classification.' }),
    ),
  }),
  response: {
    200: Type.Object(
      {
        portfolio_id: Type.String(),
        cashflows: Type.Array(
          Type.Object({
            transaction_id: S.text('The transaction.'),
            security_id: S.text('Security id.'),
            cashflow_date: S.isoDate('UTC date of the transaction.'),
            amount: S.decimal('Signed amount: + in, − out, in `currency`.'),
            currency: S.text('Cashflow currency.'),
            amount_base: S.decimal('The amount in the portfolio base currency, at the transaction rate.'),
            classification: S.stringEnum(CASHFLOW_CLASSIFICATIONS),
            timing: S.stringEnum(['BOD', 'EOD'] as const),
            is_position_flow: Type.Boolean(),
            is_portfolio_flow: Type.Boolean(),
            calculation_type: S.text('NET (gross ± fee).'),
            epoch: Type.Integer({ description: "The key's epoch when the row was written." }),
          }),
        ),
      },
      { description: 'The cashflows.' },
    ),
    404: S.portfolioIdNotFound,
    422: S.invalidQuery,
  },
} as const;
