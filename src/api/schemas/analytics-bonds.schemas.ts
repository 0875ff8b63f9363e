import { Type } from 'typebox';
import { FREQUENCIES, MAX_YEARS_TO_MATURITY } from '../../domain/analytics/bonds/bond-terms.ts';
import { DAY_COUNTS } from '../../domain/analytics/bonds/day-count.ts';
import { LAST_PERIODS } from '../../domain/analytics/bonds/pricing.ts';
import * as S from './common.schemas.ts';

/** Bond analytics are float64 computations (design §2.5), so they travel as JSON numbers. */

const FIGURES = [
  'clean_price',
  'dirty_price',
  'ytm',
  'macaulay_duration',
  'modified_duration',
  'convexity',
  'dv01',
] as const;

const DAY_COUNT_NOTE =
  '`30/360 US`: the SIA rule (Excel basis 0, QuantLib Thirty360 USA): the last day of February counts as the ' +
  '30th when the period starts on it (and ends on it when both dates are), a 31st end becomes the 30th when ' +
  'the start is the 30th or 31st, a 31st start becomes the 30th; E = 360/f and DSC = E − A. `Act/Act ICMA`: ' +
  'A, E and DSC in actual days, E the actual length of the coupon period (Excel basis 1 for the coupon ' +
  'functions). `Act/365F` and `Act/360`: A and DSC in actual days, E = 365/f or 360/f (Excel bases 3 and 2).';

const conventionsRequest = S.partialObject(
  {
    end_of_month: Type.Boolean({
      default: true,
      description:
        'End-of-month rule (default true): when the maturity is the last day of its month, every coupon date ' +
        'is the last day of its month (a 28 Feb maturity pays on 31 Aug). When false, or when the maturity is ' +
        'not a month end, coupons fall on the maturity day, clamped to shorter months (31 Aug → 28/29 Feb).',
    }),
    last_period: S.stringEnum(LAST_PERIODS, {
      default: 'compounded',
      description:
        'Discounting when only one coupon is left. `compounded` (default; QuantLib, LibreOffice PRICE): ' +
        '(1+y/f)^(DSC/E) as for every other flow. `excel_simple` (Excel and Gnumeric PRICE/YIELD): ' +
        'money-market 1 + (DSC/E)·y/f.',
    }),
  },
  {
    description: 'Convention choices; every one omitted takes its default, and the response echoes them all.',
  },
);

export const bondRequestSchema = S.closed(
  {
    settlement_date: S.isoDate('Settlement date (YYYY-MM-DD): accrued interest and discounting run from it.'),
    maturity_date: S.isoDate(
      `Maturity date (YYYY-MM-DD), after settlement and at most ${MAX_YEARS_TO_MATURITY} years after it; the ` +
        'coupon schedule is generated backward from it in steps of 12/frequency months, unadjusted.',
    ),
    issue_date: Type.Optional(
      S.isoDate(
        'Optional issue (interest accrual start) date, on or before settlement. When it falls after the previous ' +
          '(quasi-)coupon date, the first coupon period is short: interest accrues from the issue date and the ' +
          'next coupon is days(issue, next)/E of a full coupon (ICMA). Otherwise it changes nothing.',
      ),
    ),
    coupon_rate: Type.Number({
      minimum: 0,
      description: 'Annual coupon rate as a decimal (0.0575 = 5.75 %); 0 for a zero-coupon bond.',
    }),
    frequency: Type.Unsafe<(typeof FREQUENCIES)[number]>({
      type: 'integer',
      enum: [...FREQUENCIES],
      description: 'Coupons per year (1, 2, 4 or 12); also the compounding frequency of the yield.',
    }),
    day_count: S.stringEnum(DAY_COUNTS, { description: `Day count. ${DAY_COUNT_NOTE}` }),
    redemption: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        default: 100,
        description: 'Amount paid at maturity per 100 of face (default 100).',
      }),
    ),
    yield: Type.Optional(
      S.nullable(
        Type.Number({
          description:
            'Yield to maturity as a decimal (0.065 = 6.5 %): nominal annual, compounded `frequency` times a year ' +
            '(bond-equivalent for semiannual). Give this or `clean_price`, not both.',
        }),
      ),
    ),
    clean_price: Type.Optional(
      S.nullable(
        Type.Number({
          description:
            'Clean price per 100 of face (> 0); the yield is then solved for (Brent on a bracket). Give this or ' +
            '`yield`, not both.',
        }),
      ),
    ),
    conventions: Type.Optional(conventionsRequest),
  },
  {
    description:
      'A fixed-coupon bullet bond and either its yield or its clean price (exactly one). Prices are per 100 of ' +
      'face. Other properties are refused (422).',
    oneOf: [
      {
        required: ['yield'],
        properties: { yield: Type.Number({ description: 'Given: the price is computed.' }) },
      },
      {
        required: ['clean_price'],
        properties: { clean_price: Type.Number({ description: 'Given: the yield is solved for.' }) },
      },
    ],
  },
);

const conventionsResponse = Type.Object(
  {
    day_count: S.stringEnum(DAY_COUNTS, { description: `The day count. ${DAY_COUNT_NOTE}` }),
    frequency: Type.Integer({ description: 'Coupons and yield compounding periods per year.' }),
    end_of_month: Type.Boolean({ description: 'Whether the end-of-month rule applied to the schedule.' }),
    last_period: S.stringEnum(LAST_PERIODS, {
      description: 'Last-period discounting (matters only when coupons_remaining = 1).',
    }),
    schedule: S.stringEnum(['backward_from_maturity_unadjusted'] as const, {
      description: 'Coupon dates: maturity − k·12/f months, no business-day adjustment.',
    }),
    yield: S.stringEnum(['nominal_annual_compounded_at_frequency'] as const, {
      description:
        'The yield is a nominal annual rate compounded `frequency` times a year (Excel PRICE/YIELD).',
    }),
    convexity: S.stringEnum(['years_squared_no_half_factor'] as const, {
      description: 'Convexity = (1/P)·d²P/dy² in years², without a factor ½ (QuantLib BondFunctions).',
    }),
    price_basis: S.stringEnum(['per_100_face'] as const, {
      description: 'Prices, accrued interest, cash flows and DV01 are per 100 of face.',
    }),
  },
  { description: 'Every convention the figures used, defaults filled in.' },
);

const bondResponse = Type.Object(
  {
    clean_price: S.figure(
      'Clean price per 100 of face: dirty price − accrued interest (as given, when given).',
    ),
    dirty_price: S.figure('Dirty (full) price per 100 of face: P = Σ CF_k / (1+y/f)^(k−1+DSC/E).'),
    ytm: S.figure('Yield to maturity (decimal): as given, or solved from the clean price.'),
    macaulay_duration: S.figure('Macaulay duration in years: Σ t_k · PV_k / P.'),
    modified_duration: S.figure(
      'Modified duration in years: −(1/P) · dP/dy (= Macaulay / (1+y/f) compounded).',
    ),
    convexity: S.figure('Convexity in years²: (1/P) · d²P/dy², no factor ½.'),
    dv01: S.figure('DV01 per 100 of face: the price change for a 1 bp fall in yield, −dP/dy / 10,000.'),
    accrued_interest: S.float('Accrued interest per 100 of face: 100 · (c/f) · A/E.'),
    previous_coupon_date: S.isoDate(
      'Last coupon date on or before settlement (a quasi-coupon date before issue).',
    ),
    next_coupon_date: S.isoDate('First coupon date after settlement.'),
    accrual_start_date: S.isoDate(
      'Where accrual starts: the previous coupon date, or the issue date when later.',
    ),
    coupons_remaining: Type.Integer({
      description:
        'Coupon dates from the next one to maturity (Excel COUPNUM); for a zero-coupon bond, the compounding ' +
        'periods left.',
    }),
    accrued_days: S.float('A: days from accrual start to settlement, in the day count.'),
    coupon_period_days: S.float('E: days in the coupon period, in the day count.'),
    days_to_next_coupon: S.float('DSC: days from settlement to the next coupon date, in the day count.'),
    cash_flows: Type.Array(
      Type.Object({
        date: S.isoDate('Payment date (unadjusted).'),
        amount: S.float('Coupon, plus the redemption at maturity, per 100 of face.'),
        time_years: S.float('Time from settlement in years: t_k = (k−1+DSC/E)/f.'),
      }),
      {
        description:
          'The flows after settlement, in date order; zero amounts (a zero-coupon bond) are left out.',
      },
    ),
    null_reasons: S.closed(
      S.propertiesOf(FIGURES, (name) => Type.Optional(Type.String({ description: `Why ${name} is null.` }))),
      { description: 'For each figure that is null, why.' },
    ),
    conventions: conventionsResponse,
  },
  {
    description:
      'Price, yield and risk per 100 of face at the settlement date; figures are null (with a reason in ' +
      '`null_reasons`) when undefined for the inputs.',
  },
);

export const bondsRouteSchema = {
  tags: ['analytics'],
  summary: 'Bond price, yield, accrued interest, duration, convexity and DV01',
  description:
    'Stateless: computed from the request alone (analytics-methodology §11). Street convention: nominal yield ' +
    'compounded at the coupon frequency; coupon dates backward from maturity, unadjusted; per 100 of face.',
  body: bondRequestSchema,
  response: {
    200: bondResponse,
    422: S.problemResponse(
      'Invalid terms (VALIDATION_FAILED): `errors` names each field, e.g. both or neither of `yield` and ' +
        '`clean_price`, a maturity not after settlement, an unknown day count.',
    ),
  },
} as const;
