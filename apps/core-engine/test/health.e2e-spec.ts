import { CoreHarness } from '../../../test/support/core-harness';

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
});
