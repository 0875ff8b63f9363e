import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../src/domain/canonical.ts';
import { TOPICS } from '../../src/engine/topics.ts';
import {
  findBenchmarkComposition,
  findBenchmarkCompositions,
  findBenchmarkReturns,
} from '../../src/store/queries/benchmarks.queries.ts';
import { openApi } from '../api/api-harness.ts';
import { stores } from '../support/stores.ts';
import { type IngestHarness, openIngest } from './harness.ts';

/** Hand-checked: 100 → 102 (+2 %) → 99.96 (−2 %) → 4 Jan a holiday → 101.9592 (+2 % on 99.96). */
const LEVELS = [
  { benchmark_id: 'B1', series_date: '2024-01-01', level: '100' },
  { benchmark_id: 'B1', series_date: '2024-01-02', level: '102' },
  { benchmark_id: 'B1', series_date: '2024-01-03', level: '99.96' },
  { benchmark_id: 'B1', series_date: '2024-01-05', level: '101.9592' },
];

const DEFINITIONS = [
  {
    benchmark_id: 'B1',
    benchmark_name: 'Blend 60/40',
    benchmark_currency: 'USD',
    benchmark_type: 'COMPOSITE',
    return_convention: 'total_return_index',
    provider: null,
    description: null,
  },
  {
    benchmark_id: 'B2',
    benchmark_name: 'World',
    benchmark_currency: 'EUR',
    benchmark_type: 'SINGLE_INDEX',
    return_convention: null,
    provider: 'MSCI',
    description: null,
  },
];

const RETURNS = [
  // B1 has levels: these are never served (one source per benchmark).
  { benchmark_id: 'B1', series_date: '2024-01-02', daily_return: '0.5' },
  { benchmark_id: 'B2', series_date: '2024-01-02', daily_return: '0.01' },
  { benchmark_id: 'B2', series_date: '2024-01-03', daily_return: '-0.005' },
];

const composition = (
  date: string,
  dimension: string,
  id: string,
  weight: string,
  ret: string | null = null,
) => ({
  benchmark_id: 'B1',
  composition_date: date,
  dimension,
  component_id: id,
  weight,
  component_return: ret,
});

const COMPOSITIONS = [
  composition('2024-01-01', 'security', 'A', '0.6', '0.03'),
  composition('2024-01-01', 'security', 'B', '0.4'),
  composition('2024-02-01', 'security', 'A', '0.5'),
  composition('2024-02-01', 'security', 'C', '0.5', '-0.01'),
  composition('2024-01-15', 'sector', 'Technology', '0.7', '0.02'),
  composition('2024-01-15', 'sector', 'Health Care', '0.3'),
];

const BODY = {
  benchmarks: DEFINITIONS,
  benchmark_levels: LEVELS,
  benchmark_returns: RETURNS,
  benchmark_compositions: COMPOSITIONS,
};

/** Definitions as normalised: enum values spelled as stored. */
const NORMALISED_DEFINITIONS = [
  { ...DEFINITIONS[0]!, return_convention: 'TOTAL_RETURN_INDEX' },
  DEFINITIONS[1]!,
];

const TABLES =
  'benchmarks, benchmark_levels, benchmark_returns, benchmark_compositions, fact_history, consumer_offsets';

describe.each(stores())('benchmarks on $kind', (store) => {
  let h: IngestHarness;
  beforeAll(async () => {
    h = await openIngest(store);
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.reset();
    await h.system.db.exec(`TRUNCATE ${TABLES}`);
  });

  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    h.app.inject({ method: 'POST', url: '/ingest/benchmarks', payload: payload as object, headers });
  const get = (url: string) => h.app.inject({ method: 'GET', url });
  /** Ingests and runs the stages until the job is complete. */
  const ingest = async (payload: unknown) => {
    const res = await post(payload);
    expect(res.statusCode, res.body).toBe(202);
    await h.system.runner.drain();
    const job = await get(`/ingestion/jobs/${res.json().job_id}`);
    expect(job.json().status).toBe('complete');
    return res.json().job_id as string;
  };

  describe('POST /ingest/benchmarks', () => {
    it('puts every list on its raw topic, keyed by benchmark, in one job', async () => {
      const res = await post(BODY, { 'x-correlation-id': 'corr-b' });
      expect(res.statusCode, res.body).toBe(202);
      const total = DEFINITIONS.length + LEVELS.length + RETURNS.length + COMPOSITIONS.length;
      expect(res.json()).toMatchObject({ entity_type: 'benchmarks', accepted_count: total });
      const logged = await h.logRecords();
      const headers = { correlation_id: 'corr-b', job_ids: [res.json().job_id] };
      const on = (topic: string, values: ReadonlyArray<Record<string, unknown>>) =>
        values.map((value) => ({ topic, key: value.benchmark_id, value, headers }));
      expect(logged).toEqual([
        ...on(TOPICS.rawBenchmarkCompositions, COMPOSITIONS),
        ...on(TOPICS.rawBenchmarkLevels, LEVELS),
        ...on(TOPICS.rawBenchmarkReturns, RETURNS),
        ...on(TOPICS.rawBenchmarks, NORMALISED_DEFINITIONS),
      ]);
      expect(await h.written()).toEqual({ log: total, jobs: 1 });
    });

    it("accepts the original's list names, legacy field names and camelCase alike", async () => {
      const res = await post({
        benchmark_definitions: [{ benchmarkId: 'B2', name: 'World', currency: 'eur', provider: 'MSCI' }],
        index_price_series: [{ benchmark_id: 'B1', date: '2024-01-02', index_price: 102 }],
        benchmark_return_series: [
          { benchmark_id: 'B2', series_date: '2024-01-03', benchmark_return: '-0.0050' },
        ],
        benchmarkCompositions: [
          {
            benchmark_id: 'B1',
            composition_effective_from: '2024-01-01',
            security_id: 'A',
            composition_weight: '0.60',
          },
        ],
      });
      expect(res.statusCode, res.body).toBe(202);
      expect((await h.logRecords()).map((r) => r.value)).toEqual([
        composition('2024-01-01', 'security', 'A', '0.6'),
        LEVELS[1],
        RETURNS[2],
        DEFINITIONS[1],
      ]);
    });

    const bad: Array<[string, unknown, Array<[number, string]>]> = [
      [
        'a zero level, a return of −100 %, a weight above 1, an unknown dimension',
        {
          benchmark_levels: [LEVELS[0], { ...LEVELS[1], level: 0 }],
          benchmark_returns: [{ ...RETURNS[1], daily_return: '-1' }],
          benchmark_compositions: [
            { ...COMPOSITIONS[0], weight: '1.01' },
            { ...COMPOSITIONS[1], dimension: 'colour' },
            { ...COMPOSITIONS[2], component_return: -1.5 },
          ],
        },
        [
          [1, 'benchmark_levels.level'],
          [0, 'benchmark_returns.daily_return'],
          [0, 'benchmark_compositions.weight'],
          [1, 'benchmark_compositions.dimension'],
          [2, 'benchmark_compositions.component_return'],
        ],
      ],
      [
        'a definition without currency, a duplicate level date',
        {
          benchmarks: [{ benchmark_id: 'B9', benchmark_name: 'X' }],
          benchmark_levels: [LEVELS[0], LEVELS[1], { ...LEVELS[0], level: '101' }],
        },
        [
          [0, 'benchmarks.benchmark_currency'],
          [2, 'benchmark_levels.series_date'],
        ],
      ],
      ['no list at all', { benchmark_levels: [] }, [[0, '(body)']]],
      ['a list that is not a list', { benchmarks: { benchmark_id: 'B1' } }, [[0, 'benchmarks']]],
    ];

    it.each(bad)(
      'refuses %s with 422 naming record and field, writing nothing',
      async (_n, payload, expected) => {
        const res = await post(payload, { 'x-idempotency-key': 'k-bad' });
        expect(res.statusCode, res.body).toBe(422);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual(
          expected,
        );
        expect(await h.written()).toEqual({ log: 0, jobs: 0 });
      },
    );

    it('replays the first job for the same X-Idempotency-Key and body', async () => {
      const headers = { 'x-idempotency-key': 'bm-1' };
      const first = await post({ benchmark_levels: LEVELS }, headers);
      const again = await post({ benchmarkLevels: LEVELS }, headers);
      expect(again.statusCode).toBe(202);
      expect(again.json()).toMatchObject({ job_id: first.json().job_id, accepted_count: LEVELS.length });
      expect(await h.written()).toEqual({ log: LEVELS.length, jobs: 1 });
    });

    it('ingests benchmark lists from CSV uploads too', async () => {
      const csv = [
        'Benchmark ID,Date,Level',
        ...LEVELS.map((l) => `${l.benchmark_id},${l.series_date},${l.level}`),
      ];
      const boundary = '----b';
      const payload =
        `--${boundary}\r\nContent-Disposition: form-data; name="entity_type"\r\n\r\nbenchmark_levels\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="levels.csv"\r\n` +
        `Content-Type: text/csv\r\n\r\n${csv.join('\r\n')}\r\n--${boundary}--\r\n`;
      const res = await h.app.inject({
        method: 'POST',
        url: '/ingest/uploads/commit',
        payload,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      expect(res.statusCode, res.body).toBe(202);
      expect((await h.logRecords(TOPICS.rawBenchmarkLevels)).map((r) => r.value)).toEqual(LEVELS);
    });
  });

  describe('persisted as facts', () => {
    it('stores each fact with version 1 and its content hash; the same body again changes nothing', async () => {
      await ingest(BODY);
      const levels = await h.system.db.query(
        'SELECT benchmark_id, series_date, level, version, content_hash FROM benchmark_levels ORDER BY series_date',
      );
      expect(levels).toEqual(LEVELS.map((l) => ({ ...l, version: 1, content_hash: contentHash(l) })));
      const [definition] = await h.system.db.query(
        'SELECT version, content_hash FROM benchmarks WHERE benchmark_id = $1',
        ['B1'],
      );
      expect(definition).toEqual({ version: 1, content_hash: contentHash(NORMALISED_DEFINITIONS[0]) });

      const snapshot = async () => {
        const out: Record<string, unknown[]> = {};
        for (const t of ['benchmarks', 'benchmark_levels', 'benchmark_returns', 'benchmark_compositions']) {
          out[t] = await h.system.db.query(`SELECT * FROM ${t} ORDER BY 1, 2, 3`);
        }
        return out;
      };
      const before = await snapshot();
      await ingest(BODY);
      expect(await snapshot()).toEqual(before);
      expect(await h.system.db.query('SELECT * FROM fact_history')).toEqual([]);
      // No stage derives anything from benchmarks: nothing but the raw records is on the log.
      expect(await h.system.db.query(`SELECT 1 FROM log_records WHERE topic NOT LIKE 'raw\\_%'`)).toEqual([]);
    });

    it('keeps a corrected level as version 2 and version 1 in fact_history; returns follow it', async () => {
      await ingest({ benchmark_levels: LEVELS });
      const corrected = { ...LEVELS[2]!, level: '100.98' };
      const job = await ingest({ benchmark_levels: [corrected] });
      const [current] = await h.system.db.query(
        `SELECT trim_scale(level)::text AS level, version, content_hash FROM benchmark_levels
         WHERE series_date = '2024-01-03'`,
      );
      expect(current).toEqual({ level: '100.98', version: 2, content_hash: contentHash(corrected) });
      expect(
        await h.system.db.query(
          'SELECT entity_type, business_key, version, payload, job_id FROM fact_history',
        ),
      ).toEqual([
        {
          entity_type: 'benchmark_level',
          business_key: 'B1|2024-01-03',
          version: 1,
          payload: LEVELS[2],
          job_id: job,
        },
      ]);
      const { returns } = await findBenchmarkReturns(h.system.db, 'B1', { start_date: '2024-01-03' });
      // 100.98 / 102 − 1 and 101.9592 / 100.98 − 1, by hand.
      expect(returns.map((r) => r.value)).toEqual([
        expect.closeTo(-0.01, 15),
        expect.closeTo(0.9792 / 100.98, 15),
      ]);
    });
  });

  describe('queried', () => {
    beforeEach(() => ingest(BODY));

    it('GET /benchmarks lists the definitions; GET /benchmarks/{id} says what is stored', async () => {
      const list = await get('/benchmarks?limit=1');
      expect(list.json()).toEqual({
        total: 2,
        skip: 0,
        limit: 1,
        benchmarks: [{ ...NORMALISED_DEFINITIONS[0], version: 1 }],
      });
      const one = await get('/benchmarks/B1');
      expect(one.statusCode).toBe(200);
      expect(one.json()).toEqual({
        benchmark_id: 'B1',
        definition: { ...NORMALISED_DEFINITIONS[0], version: 1 },
        return_source: 'levels',
        levels: { count: 4, first_date: '2024-01-01', last_date: '2024-01-05' },
        returns: { count: 1, first_date: '2024-01-02', last_date: '2024-01-02' },
        compositions: [
          { dimension: 'sector', count: 2, dates: 1, first_date: '2024-01-15', last_date: '2024-01-15' },
          { dimension: 'security', count: 4, dates: 2, first_date: '2024-01-01', last_date: '2024-02-01' },
        ],
      });
      expect((await get('/benchmarks/B2')).json().return_source).toBe('returns');
      const unknown = await get('/benchmarks/NOPE');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.headers['content-type']).toContain('application/problem+json');
    });

    it('derives daily returns from levels, the range’s first date from the level before it', async () => {
      const all = await get('/benchmarks/B1/returns');
      expect(all.statusCode, all.body).toBe(200);
      const body = all.json();
      expect(body.source).toBe('levels');
      expect(body.returns.map((r: { date: string }) => r.date)).toEqual([
        '2024-01-02',
        '2024-01-03',
        '2024-01-05',
      ]);
      const values = body.returns.map((r: { value: number }) => r.value);
      // Hand calculation: +2 %, −2 %, +2 %; Π = 101.9592 / 100.
      expect(values).toEqual([expect.closeTo(0.02, 15), expect.closeTo(-0.02, 15), expect.closeTo(0.02, 15)]);
      expect(body.returns.map((r: { level: string }) => r.level)).toEqual(['102', '99.96', '101.9592']);
      expect(body.cumulative_return).toBeCloseTo(0.019592, 14);
      expect(body.conventions.return_unit).toBe('decimal');

      const window = (await get('/benchmarks/B1/returns?start_date=2024-01-03&end_date=2024-01-05')).json();
      expect(window.returns.map((r: { date: string; value: number }) => [r.date, r.value])).toEqual([
        ['2024-01-03', expect.closeTo(-0.02, 15)],
        ['2024-01-05', expect.closeTo(0.02, 15)],
      ]);
      expect(window.cumulative_return).toBeCloseTo(0.98 * 1.02 - 1, 14);

      const empty = (await get('/benchmarks/B1/returns?start_date=2024-03-01')).json();
      expect(empty).toMatchObject({ returns: [], cumulative_return: null });
      expect(empty.null_reasons.cumulative_return).toEqual(expect.any(String));
    });

    it('serves the given returns of a benchmark without levels', async () => {
      const res = (await get('/benchmarks/B2/returns?end_date=2024-01-02')).json();
      expect(res).toMatchObject({
        source: 'returns',
        returns: [{ date: '2024-01-02', value: 0.01, level: null }],
      });
      expect(res.cumulative_return).toBeCloseTo(0.01, 15);
      const bad = await get('/benchmarks/B2/returns?start_date=2024-02-01&end_date=2024-01-01');
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors[0].field).toBe('end_date');
    });

    it('gives the composition in effect on a date, per dimension, heaviest first', async () => {
      const jan = (await get('/benchmarks/B1/composition?as_of_date=2024-01-20')).json();
      expect(jan).toEqual({
        benchmark_id: 'B1',
        as_of_date: '2024-01-20',
        compositions: [
          {
            dimension: 'sector',
            composition_date: '2024-01-15',
            total_weight: 1,
            components: [
              { component_id: 'Technology', weight: 0.7, component_return: 0.02 },
              { component_id: 'Health Care', weight: 0.3, component_return: null },
            ],
          },
          {
            dimension: 'security',
            composition_date: '2024-01-01',
            total_weight: 1,
            components: [
              { component_id: 'A', weight: 0.6, component_return: 0.03 },
              { component_id: 'B', weight: 0.4, component_return: null },
            ],
          },
        ],
      });
      const feb = (await get('/benchmarks/B1/composition?as_of_date=2024-02-01&dimension=security')).json();
      expect(feb.compositions).toEqual([
        {
          dimension: 'security',
          composition_date: '2024-02-01',
          total_weight: 1,
          components: [
            { component_id: 'A', weight: 0.5, component_return: null },
            { component_id: 'C', weight: 0.5, component_return: -0.01 },
          ],
        },
      ]);
      expect((await get('/benchmarks/B1/composition?as_of_date=2023-12-31')).json().compositions).toEqual([]);
      const latest = (await get('/benchmarks/B1/composition?dimension=security')).json();
      expect(latest.compositions[0].composition_date).toBe('2024-02-01');
      expect((await get('/benchmarks/B1/composition?dimension=colour')).statusCode).toBe(422);
    });

    it('offers the analytics the compositions in effect over a period', async () => {
      const db = h.system.db;
      const over = await findBenchmarkCompositions(db, 'B1', 'security', {
        start_date: '2024-01-10',
        end_date: '2024-02-15',
      });
      expect(over.map((c) => [c.composition_date, c.components.map((x) => x.component_id)])).toEqual([
        ['2024-01-01', ['A', 'B']],
        ['2024-02-01', ['A', 'C']],
      ]);
      expect(await findBenchmarkComposition(db, 'B1', '2024-01-31', 'sector')).toHaveLength(1);
    });
  });
});

describe('benchmark routes by port', () => {
  it('takes benchmark ingestion on the main port only; the queries answer on both', async () => {
    const [store] = stores();
    const query = await openApi(store!, 'query');
    try {
      const ingest = await query.app.inject({ method: 'POST', url: '/ingest/benchmarks', payload: BODY });
      expect(ingest.statusCode).toBe(404);
      expect((await query.app.inject({ url: '/benchmarks' })).json()).toMatchObject({ total: 0 });
      expect((await query.app.inject({ url: '/benchmarks/B1' })).statusCode).toBe(404);
      const doc = (await query.app.inject({ url: '/openapi.json' })).json();
      expect(doc.paths['/ingest/benchmarks']).toBeUndefined();
      expect(doc.paths['/benchmarks/{benchmark_id}/returns'].get).toBeDefined();
    } finally {
      await query.close();
    }
    const main = await openApi(store!, 'all');
    try {
      const doc = (await main.app.inject({ url: '/openapi.json' })).json();
      const body = doc.paths['/ingest/benchmarks'].post.requestBody.content['application/json'].schema;
      expect(Object.keys(body.properties)).toEqual([
        'benchmarks',
        'benchmark_levels',
        'benchmark_returns',
        'benchmark_compositions',
      ]);
      expect(body.properties.benchmark_compositions.items.properties.dimension.anyOf[0].enum).toContain(
        'sector',
      );
    } finally {
      await main.close();
    }
  });
});
