import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestBank, TestBank } from '../../test/support/mock-bank-test-app';

describe('Mock Bank GET /health and GET /ready (e2e)', () => {
  let core: Server;
  let coreStatus = 200;

  beforeAll(async () => {
    // Stands in for the Core Engine's liveness probe.
    core = createServer((req, res) => res.writeHead(req.url === '/health' ? coreStatus : 404).end('{}'));
    await new Promise<void>((resolve) => core.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    core.closeAllConnections();
    await new Promise((resolve) => core.close(resolve));
  });

  describe('with the Core Engine up', () => {
    let bank: TestBank;

    beforeAll(async () => {
      bank = await startTestBank({ CORE_ENGINE_URL: `http://127.0.0.1:${(core.address() as AddressInfo).port}/` });
    });

    afterAll(async () => {
      await bank.close();
    });

    it('/ready answers 200 with its database and the core up', async () => {
      coreStatus = 200;
      const res = await bank.http().get('/ready').expect(200);
      expect(res.body.details).toEqual({ database: { status: 'up' }, coreEngine: { status: 'up' } });
    });

    it("/ready answers 503 naming the core when the core's /health does not answer 200", async () => {
      coreStatus = 503;
      const res = await bank.http().get('/ready').expect(503);
      expect(res.body).toMatchObject({ status: 'error', error: { coreEngine: { status: 'down', message: 'GET /health: HTTP 503' } } });
      expect((await bank.http().get('/health').expect(200)).body).toEqual({ status: 'ok' });
    });
  });

  it('/ready answers 503 when nothing listens at CORE_ENGINE_URL (the test default)', async () => {
    const bank = await startTestBank();
    try {
      const res = await bank.http().get('/ready').expect(503);
      expect(res.body.error).toEqual({ coreEngine: { status: 'down', message: 'GET /health: unreachable' } });
      expect(res.body.info).toEqual({ database: { status: 'up' } });
    } finally {
      await bank.close();
    }
  });
});
