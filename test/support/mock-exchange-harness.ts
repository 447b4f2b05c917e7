import { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { EXCHANGE_ADMIN_KEY_HEADER, OrderResponse, REQUEST_ID_HEADER, validateEnv } from '@app/shared-types';
import { MockExchangeConfig } from '../../apps/mock-exchange/src/config';
import { createMockExchangeApp } from '../../apps/mock-exchange/src/create-app';
import { OrderBookService } from '../../apps/mock-exchange/src/orders/order-book.service';

/** The Mock Exchange's admin key in tests (POST /admin/price, faults). */
export const TEST_EXCHANGE_ADMIN_KEY = 'core-tests-admin-key';
const ADMIN_KEY = TEST_EXCHANGE_ADMIN_KEY;
/** The Binance routes' credentials in tests (EXCHANGE_VENUE=binance); the Core Engine gets the same. */
export const TEST_BINANCE_API_KEY = 'core-tests-binance-api-key';
export const TEST_BINANCE_API_SECRET = 'core-tests-binance-api-secret';

/** A real Mock Exchange listening on a loopback port, driven through its admin API. */
export interface MockExchangeHandle {
  url: string;
  app: INestApplication;
  /** Faults off and a pinned price (volatility 0), so a test knows the price it trades at. */
  reset(price: { mid: string }): Promise<void>;
  setFaults(update: Record<string, unknown>): Promise<void>;
  /** The /api/v3 routes' own faults (rateLimit, fill, clockOffsetMs); reset() clears them too. */
  setBinanceFaults(update: Record<string, unknown>): Promise<void>;
  findOrder(id: string): Promise<OrderResponse | null>;
  orderCount(): Promise<number>;
  /** Each call the exchange received (admin calls aside): method, path and its x-request-id. */
  readonly calls: { method: string; path: string; requestId: string | undefined }[];
  close(): Promise<void>;
}

export async function startMockExchange(env: Partial<Record<keyof MockExchangeConfig, string>> = {}): Promise<MockExchangeHandle> {
  const config = validateEnv(MockExchangeConfig, {
    MOCK_EXCHANGE_ADMIN_KEY: ADMIN_KEY,
    MOCK_EXCHANGE_BINANCE_API_KEY: TEST_BINANCE_API_KEY,
    MOCK_EXCHANGE_BINANCE_API_SECRET: TEST_BINANCE_API_SECRET,
    // In memory: one exchange per suite, never restarted (test/faults restarts a real one with a journal).
    MOCK_EXCHANGE_ORDERS_FILE: '',
    MOCK_EXCHANGE_VOLATILITY: '0',
    LOG_LEVEL: process.env.TEST_LOGS ? undefined : 'silent',
    ...env,
  });
  const app = await createMockExchangeApp(config);
  const calls: MockExchangeHandle['calls'] = [];
  app.use((req: { method: string; path: string; headers: Record<string, unknown> }, _res: unknown, next: () => void) => {
    if (!req.path.startsWith('/admin'))
      calls.push({ method: req.method, path: req.path, requestId: req.headers[REQUEST_ID_HEADER] as string | undefined });
    next();
  });
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const admin = () => request(server);

  return {
    url,
    app,
    calls,
    async reset({ mid }) {
      await admin().post('/admin/faults/reset').set(EXCHANGE_ADMIN_KEY_HEADER, ADMIN_KEY).expect(200);
      await admin().post('/admin/binance/faults/reset').set(EXCHANGE_ADMIN_KEY_HEADER, ADMIN_KEY).expect(200);
      await admin().post('/admin/price').set(EXCHANGE_ADMIN_KEY_HEADER, ADMIN_KEY).send({ mid, volatility: '0' }).expect(200);
    },
    async setFaults(update) {
      await admin().put('/admin/faults').set(EXCHANGE_ADMIN_KEY_HEADER, ADMIN_KEY).send(update).expect(200);
    },
    async setBinanceFaults(update) {
      await admin().put('/admin/binance/faults').set(EXCHANGE_ADMIN_KEY_HEADER, ADMIN_KEY).send(update).expect(200);
    },
    async findOrder(id) {
      const res = await admin().get(`/order/${encodeURIComponent(id)}`);
      return res.status === 200 ? (res.body as OrderResponse) : null;
    },
    async orderCount() {
      return app.get(OrderBookService).size;
    },
    async close() {
      await app.close();
    },
  };
}
