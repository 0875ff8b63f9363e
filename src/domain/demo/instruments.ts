import type { GbmParams } from './gbm.ts';

/** The demo's currencies: USD is the FX pivot; every other one gets a daily rate to USD. */
export const DEMO_CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF', 'JPY'] as const;
export type DemoCurrency = (typeof DEMO_CURRENCIES)[number];

/** Decimal places of each currency's minor unit: cash amounts are rounded to these. */
export const MINOR_UNITS: Readonly<Record<DemoCurrency, number>> = { USD: 2, EUR: 2, GBP: 2, CHF: 2, JPY: 0 };

/** Roughly how many units of the currency make one USD: scales deposits, fees and minimum amounts. */
export const UNITS_PER_USD: Readonly<Record<DemoCurrency, number>> = {
  USD: 1,
  EUR: 1,
  GBP: 1,
  CHF: 1,
  JPY: 150,
};

/** FX processes, quoted as units of USD per unit of the currency (from_currency = CCY, to_currency = USD). */
export const FX_SPECS: ReadonlyArray<{ currency: Exclude<DemoCurrency, 'USD'>; start: number } & GbmParams> =
  [
    { currency: 'EUR', start: 1.08, drift: 0, volatility: 0.07 },
    { currency: 'GBP', start: 1.27, drift: 0, volatility: 0.08 },
    { currency: 'CHF', start: 1.12, drift: 0.005, volatility: 0.06 },
    { currency: 'JPY', start: 0.0067, drift: -0.01, volatility: 0.1 },
  ];

export interface InstrumentSpec extends GbmParams {
  security_id: string;
  /** Short code used as the transactions' instrument_id. */
  ticker: string;
  name: string;
  isin: string;
  currency: DemoCurrency;
  product_type: 'Equity' | 'ETF' | 'Fund' | 'Bond';
  asset_class: string;
  sector: string | null;
  country_of_risk: string | null;
  rating: string | null;
  issuer_id: string | null;
  issuer_name: string | null;
  /** First price of the path. */
  start: number;
  /** Annual dividend per share as a fraction of the price, paid quarterly (equities, ETFs). */
  dividendYield?: number;
  /** Which month of each quarter pays the dividend: months m with m % 3 === dividendPhase. */
  dividendPhase?: number;
  /** Annual coupon rate on a face value of 100 per unit, paid semi-annually (bonds). */
  couponRate?: number;
  /** First coupon month (1-12); the second is six months later. */
  couponMonth?: number;
  /** Maturity: this many years after the demo's end date, on the coupon day (bonds). */
  maturityYears?: number;
}

const equity = (
  s: Omit<InstrumentSpec, 'product_type' | 'asset_class' | 'rating' | 'issuer_id' | 'issuer_name'>,
): InstrumentSpec => ({
  ...s,
  product_type: 'Equity',
  asset_class: 'Equity',
  rating: null,
  issuer_id: `ISS_${s.ticker}`,
  issuer_name: s.name,
});

/** The demo universe (cash instruments are added per currency). Identifiers of listed companies are real ISINs. */
export const INSTRUMENT_SPECS: readonly InstrumentSpec[] = [
  equity({
    security_id: 'SEC_AAPL_US',
    ticker: 'AAPL',
    name: 'Apple Inc.',
    isin: 'US0378331005',
    currency: 'USD',
    sector: 'Technology',
    country_of_risk: 'US',
    start: 185,
    drift: 0.1,
    volatility: 0.28,
    dividendYield: 0.005,
    dividendPhase: 2,
  }),
  equity({
    security_id: 'SEC_MSFT_US',
    ticker: 'MSFT',
    name: 'Microsoft Corp.',
    isin: 'US5949181045',
    currency: 'USD',
    sector: 'Technology',
    country_of_risk: 'US',
    start: 410,
    drift: 0.09,
    volatility: 0.25,
    dividendYield: 0.008,
    dividendPhase: 0,
  }),
  equity({
    security_id: 'SEC_JNJ_US',
    ticker: 'JNJ',
    name: 'Johnson & Johnson',
    isin: 'US4781601046',
    currency: 'USD',
    sector: 'Healthcare',
    country_of_risk: 'US',
    start: 155,
    drift: 0.04,
    volatility: 0.16,
    dividendYield: 0.03,
    dividendPhase: 0,
  }),
  equity({
    security_id: 'SEC_SAP_DE',
    ticker: 'SAP',
    name: 'SAP SE',
    isin: 'DE0007164600',
    currency: 'EUR',
    sector: 'Technology',
    country_of_risk: 'DE',
    start: 120,
    drift: 0.08,
    volatility: 0.27,
    dividendYield: 0.012,
    dividendPhase: 1,
  }),
  equity({
    security_id: 'SEC_SIE_DE',
    ticker: 'SIE',
    name: 'Siemens AG',
    isin: 'DE0007236101',
    currency: 'EUR',
    sector: 'Industrials',
    country_of_risk: 'DE',
    start: 170,
    drift: 0.06,
    volatility: 0.24,
    dividendYield: 0.027,
    dividendPhase: 2,
  }),
  equity({
    security_id: 'SEC_TTE_FR',
    ticker: 'TTE',
    name: 'TotalEnergies SE',
    isin: 'FR0000120271',
    currency: 'EUR',
    sector: 'Energy',
    country_of_risk: 'FR',
    start: 60,
    drift: 0.03,
    volatility: 0.25,
    dividendYield: 0.05,
    dividendPhase: 1,
  }),
  equity({
    security_id: 'SEC_NOVN_CH',
    ticker: 'NOVN',
    name: 'Novartis AG',
    isin: 'CH0012005267',
    currency: 'CHF',
    sector: 'Healthcare',
    country_of_risk: 'CH',
    start: 92,
    drift: 0.04,
    volatility: 0.18,
    dividendYield: 0.035,
    dividendPhase: 0,
  }),
  equity({
    security_id: 'SEC_NESN_CH',
    ticker: 'NESN',
    name: 'Nestle SA',
    isin: 'CH0038863350',
    currency: 'CHF',
    sector: 'Consumer Staples',
    country_of_risk: 'CH',
    start: 95,
    drift: 0.02,
    volatility: 0.15,
    dividendYield: 0.03,
    dividendPhase: 1,
  }),
  equity({
    security_id: 'SEC_HSBA_GB',
    ticker: 'HSBA',
    name: 'HSBC Holdings plc',
    isin: 'GB0005405286',
    currency: 'GBP',
    sector: 'Financials',
    country_of_risk: 'GB',
    start: 6.5,
    drift: 0.05,
    volatility: 0.24,
    dividendYield: 0.06,
    dividendPhase: 2,
  }),
  equity({
    security_id: 'SEC_ULVR_GB',
    ticker: 'ULVR',
    name: 'Unilever plc',
    isin: 'GB00B10RZP78',
    currency: 'GBP',
    sector: 'Consumer Staples',
    country_of_risk: 'GB',
    start: 42,
    drift: 0.03,
    volatility: 0.17,
    dividendYield: 0.035,
    dividendPhase: 0,
  }),
  equity({
    security_id: 'SEC_7203_JP',
    ticker: '7203',
    name: 'Toyota Motor Corp.',
    isin: 'JP3633400001',
    currency: 'JPY',
    sector: 'Consumer Discretionary',
    country_of_risk: 'JP',
    start: 2800,
    drift: 0.06,
    volatility: 0.28,
    dividendYield: 0.025,
    dividendPhase: 0,
  }),
  equity({
    security_id: 'SEC_6758_JP',
    ticker: '6758',
    name: 'Sony Group Corp.',
    isin: 'JP3435000009',
    currency: 'JPY',
    sector: 'Technology',
    country_of_risk: 'JP',
    start: 3200,
    drift: 0.08,
    volatility: 0.3,
    dividendYield: 0.006,
    dividendPhase: 1,
  }),
  {
    security_id: 'SEC_ETF_WORLD_USD',
    ticker: 'WORLD_ETF',
    name: 'Global Equity Index ETF',
    isin: 'DEMO00000ETF1',
    currency: 'USD',
    product_type: 'ETF',
    asset_class: 'Equity',
    sector: null,
    country_of_risk: null,
    rating: null,
    issuer_id: 'ISS_DEMO_AM',
    issuer_name: 'Demo Asset Management',
    start: 95,
    drift: 0.07,
    volatility: 0.16,
    dividendYield: 0.015,
    dividendPhase: 0,
  },
  {
    security_id: 'SEC_FUND_EUR_BAL',
    ticker: 'EUR_BAL_FUND',
    name: 'Euro Balanced Fund (acc.)',
    isin: 'DEMO0000FUND1',
    currency: 'EUR',
    product_type: 'Fund',
    asset_class: 'Multi-Asset',
    sector: null,
    country_of_risk: 'LU',
    rating: null,
    issuer_id: 'ISS_DEMO_AM',
    issuer_name: 'Demo Asset Management',
    start: 50,
    drift: 0.04,
    volatility: 0.08,
  },
  {
    security_id: 'SEC_UST_DEMO_USD',
    ticker: 'UST',
    name: 'US Treasury 4.25% Note',
    isin: 'DEMO000BOND01',
    currency: 'USD',
    product_type: 'Bond',
    asset_class: 'Fixed Income',
    sector: 'Government',
    country_of_risk: 'US',
    rating: 'AA+',
    issuer_id: 'ISS_UST',
    issuer_name: 'United States Treasury',
    start: 98.5,
    drift: 0.005,
    volatility: 0.05,
    couponRate: 0.0425,
    couponMonth: 5,
    maturityYears: 5,
  },
  {
    security_id: 'SEC_CORP_DEMO_EUR',
    ticker: 'EUR_CORP',
    name: 'Euro Industrials 3.5% Bond',
    isin: 'DEMO000BOND02',
    currency: 'EUR',
    product_type: 'Bond',
    asset_class: 'Fixed Income',
    sector: 'Corporate',
    country_of_risk: 'DE',
    rating: 'A-',
    issuer_id: 'ISS_EURIND',
    issuer_name: 'Euro Industrials AG',
    start: 101,
    drift: 0,
    volatility: 0.04,
    couponRate: 0.035,
    couponMonth: 3,
    maturityYears: 7,
  },
];

export const cashSecurityId = (currency: string): string => `CASH_${currency}`;

export const CASH_NAMES: Readonly<Record<DemoCurrency, string>> = {
  USD: 'US Dollar Cash',
  EUR: 'Euro Cash',
  GBP: 'Pound Sterling Cash',
  CHF: 'Swiss Franc Cash',
  JPY: 'Japanese Yen Cash',
};
