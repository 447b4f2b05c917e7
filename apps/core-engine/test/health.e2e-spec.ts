import { performance } from 'node:perf_hooks';
import { CoreHarness } from '../../../test/support/core-harness';
import { json, ScriptedHttpServer } from '../../../test/support/scripted-http-server';

// GET /health: liveness (the process answers). GET /ready: readiness (the database and
// the exchange answer). Neither needs an API key nor counts against the rate limit.

describe('GET /health and GET /ready (e2e)', () => {
  describe('with the database and the exchange up', () => {
    let h: CoreHarness;

    beforeAll(async () => {
      // A limit of one request per second: probes must never meet it.
      h = await CoreHarness.start({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_PER_ADDRESS_PER_SECOND: '1' });
    });

    afterAll(async () => {
      await h.stop();
    });

    it('/ready answers 200 with the database and the exchange up', async () => {
      const res = await h.http().get('/ready');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'ok',
        info: { database: { status: 'up' }, exchange: { status: 'up' } },
        error: {},
        details: { database: { status: 'up' }, exchange: { status: 'up' } },
      });
      expect(res.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
    });

    it('/health answers 200 {"status":"ok"} and checks nothing', async () => {
      const res = await h.http().get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    });

    it('are never rate limited and need no API key', async () => {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push((await h.http().get('/health')).status, (await h.http().get('/ready')).status);
      expect(answers).toEqual(Array(8).fill(200));
    });
  });

  describe('with the exchange at a port nothing listens on', () => {
    let h: CoreHarness;

    beforeAll(async () => {
      // Port 9 (discard): privileged, and no suite listens there. A port freePort() just freed
      // could be taken by another suite's server before /ready is asked (seen once).
      h = await CoreHarness.start({ EXCHANGE_URL: 'http://127.0.0.1:9' });
    });

    afterAll(async () => {
      await h.stop();
    });

    it('/ready answers 503 with the exchange down and the database up; /health stays 200', async () => {
      const ready = await h.http().get('/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe('error');
      expect(ready.body.error).toEqual({ exchange: { status: 'down', message: 'GET /health: unreachable' } });
      expect(ready.body.details.database).toEqual({ status: 'up' });
      const health = await h.http().get('/health');
      expect(health.status).toBe(200);
      expect(health.body.status).toBe('ok');
    });
  });

  describe('probed at most once a second, whatever the number of callers', () => {
    let h: CoreHarness;
    let exchange: ScriptedHttpServer;
    let exchangeStatus = 200;
    const probes = () => exchange.received.filter((r) => r.url === '/health').length;

    beforeAll(async () => {
      // A scripted exchange, to count the probes that reach it.
      exchange = await ScriptedHttpServer.start((req, _body, res) =>
        req.url === '/health' ? json(res, exchangeStatus, { status: exchangeStatus === 200 ? 'ok' : 'error' }) : json(res, 404, {}),
      );
      h = await CoreHarness.start({ EXCHANGE_URL: exchange.url });
    });

    afterAll(async () => {
      await h.stop();
      await exchange.close();
    });

    /** GET /ready every 50 ms until it answers `status` (at most `deadlineMs`: a bound for a loaded machine, not the promise). */
    async function readyUntil(status: number, deadlineMs: number) {
      const end = performance.now() + deadlineMs;
      for (;;) {
        const res = await h.http().get('/ready');
        if (res.status === status || performance.now() > end) return res;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    it('a flood of /ready calls shares one probe per second: each answer is the last probe result', async () => {
      expect((await h.http().get('/ready')).status).toBe(200);
      const before = probes();
      const started = performance.now();
      const answers: number[] = [];
      for (let round = 0; round < 10; round++) {
        const batch = await Promise.all(Array.from({ length: 30 }, () => h.http().get('/ready')));
        answers.push(...batch.map((r) => r.status));
      }
      const elapsedSeconds = (performance.now() - started) / 1000;
      expect(answers).toEqual(Array(300).fill(200));
      // 300 answers; one probe when the first was cached more than a second ago, and one per second after it.
      const made = probes() - before;
      expect(made).toBeLessThanOrEqual(Math.floor(elapsedSeconds) + 1);
    });

    it('sees the exchange go down within about a second (503, same body), and come back', async () => {
      expect((await h.http().get('/ready')).status).toBe(200);
      exchangeStatus = 503;
      const down = await readyUntil(503, 3000);
      expect(down.status).toBe(503);
      expect(down.body).toEqual({
        status: 'error',
        info: { database: { status: 'up' } },
        error: { exchange: { status: 'down', message: 'GET /health: HTTP 503' } },
        details: { database: { status: 'up' }, exchange: { status: 'down', message: 'GET /health: HTTP 503' } },
      });
      expect(down.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
      // A cached 503 is the same answer.
      expect((await h.http().get('/ready')).body).toEqual(down.body);
      exchangeStatus = 200;
      expect((await readyUntil(200, 3000)).status).toBe(200);
    });
  });

  describe('with EXCHANGE_VENUE=binance: readiness asks the venue trades go to', () => {
    let h: CoreHarness;
    let venue: ScriptedHttpServer;
    let venueStatus = 200;

    beforeAll(async () => {
      // A scripted Binance: its server time answers (or not); every other route is unknown to it.
      venue = await ScriptedHttpServer.start((req, _body, res) =>
        req.url === '/api/v3/time' ? json(res, venueStatus, { serverTime: Date.now() }) : json(res, 404, { code: -1, msg: 'unknown' }),
      );
      h = await CoreHarness.start({
        EXCHANGE_VENUE: 'binance',
        BINANCE_BASE_URL: venue.url,
        BINANCE_API_KEY: 'readiness-test-key',
        BINANCE_API_SECRET: 'readiness-test-secret',
        // The Mock Exchange's own probe must not be what answers: nothing listens here.
        EXCHANGE_URL: 'http://127.0.0.1:9',
      });
    });

    afterAll(async () => {
      await h.stop();
      await venue.close();
    });

    it("probes Binance's GET /api/v3/time at BINANCE_BASE_URL, not EXCHANGE_URL/health, and reports it down by that route", async () => {
      const up = await h.http().get('/ready');
      expect(up.status).toBe(200);
      expect(venue.received.some((r) => r.method === 'GET' && r.url === '/api/v3/time')).toBe(true);

      venueStatus = 503;
      let down = await h.http().get('/ready');
      const end = performance.now() + 3000;
      while (down.status !== 503 && performance.now() < end) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        down = await h.http().get('/ready');
      }
      expect(down.status).toBe(503);
      expect(down.body.error).toEqual({ exchange: { status: 'down', message: 'GET /api/v3/time: HTTP 503' } });
      venueStatus = 200;
    });
  });
});
