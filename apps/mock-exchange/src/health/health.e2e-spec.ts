import { startTestExchange, TestExchange } from '../../test/support/mock-exchange-test-app';

describe('Mock Exchange GET /health and GET /ready (e2e)', () => {
  let exchange: TestExchange;

  beforeAll(async () => {
    exchange = await startTestExchange();
  });

  afterAll(async () => {
    await exchange.close();
  });

  afterEach(async () => {
    await exchange.resetFaults();
  });

  it('/ready answers 200 while no fault stops trading', async () => {
    await exchange.setFaults({ errorRate: 0.5, latencyMs: 10 });
    const res = await exchange.http().get('/ready').expect(200);
    expect(res.body).toEqual({ status: 'ok', info: { trading: { status: 'up' } }, error: {}, details: { trading: { status: 'up' } } });
  });

  it.each([
    [{ down: true }, 'fault down is on'],
    [{ down: true, hang: true }, 'faults down and hang are on'],
  ])('/ready answers 503 under %j, /health still 200', async (faults, message) => {
    await exchange.setFaults(faults);
    const res = await exchange.http().get('/ready').timeout(2000).expect(503);
    expect(res.body).toMatchObject({ status: 'error', error: { trading: { status: 'down', message, scope: 'all' } } });
    expect(res.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
    expect((await exchange.http().get('/health').timeout(2000).expect(200)).body).toEqual({ status: 'ok' });
  });
});
