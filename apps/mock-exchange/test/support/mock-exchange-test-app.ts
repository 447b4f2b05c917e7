import { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import request from 'supertest';
import { EXCHANGE_ADMIN_KEY_HEADER, validateEnv } from '@app/shared-types';
import { MockExchangeConfig } from '../../src/config';
import { createMockExchangeApp } from '../../src/create-app';

export const ADMIN_KEY = 'test-admin-key';

export type MockExchangeEnv = Partial<Record<keyof MockExchangeConfig, string>>;

/** A Mock Exchange built from explicit env-style settings, the way main.ts builds one. */
export async function startTestExchange(env: MockExchangeEnv = {}): Promise<TestExchange> {
  const config = validateEnv(MockExchangeConfig, {
    MOCK_EXCHANGE_ADMIN_KEY: ADMIN_KEY,
    // In memory: an in-process exchange per suite keeps no journal (test/faults restarts a real one).
    MOCK_EXCHANGE_ORDERS_FILE: '',
    LOG_LEVEL: process.env.TEST_LOGS ? undefined : 'silent',
    ...env,
  });
  const app = await createMockExchangeApp(config);
  await app.init();
  return new TestExchange(app);
}

export class TestExchange {
  constructor(readonly app: INestApplication) {}

  get server(): Server {
    return this.app.getHttpServer() as Server;
  }

  http(): ReturnType<typeof request> {
    return request(this.server);
  }

  ticker(): request.Test {
    return this.http().get('/ticker').query({ symbol: 'AZNUSDT' });
  }

  order(body: object): request.Test {
    return this.http().post('/order').send(body);
  }

  /** Sets faults through the admin API, asserting it accepted them. */
  async setFaults(update: object): Promise<void> {
    await this.http().put('/admin/faults').set(EXCHANGE_ADMIN_KEY_HEADER, ADMIN_KEY).send(update).expect(200);
  }

  async resetFaults(): Promise<void> {
    await this.http().post('/admin/faults/reset').set(EXCHANGE_ADMIN_KEY_HEADER, ADMIN_KEY).expect(200);
  }

  async setPrice(update: object): Promise<void> {
    await this.http().post('/admin/price').set(EXCHANGE_ADMIN_KEY_HEADER, ADMIN_KEY).send(update).expect(200);
  }

  admin(method: 'get' | 'put' | 'post', path: string): request.Test {
    return this.http()[method](path).set(EXCHANGE_ADMIN_KEY_HEADER, ADMIN_KEY);
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

/** GET /admin/faults of an exchange started without env faults. */
export const NO_FAULTS = {
  down: false,
  errorRate: 0,
  latencyMs: 0,
  hang: false,
  loseResponses: false,
  liquidityLimit: null,
  partialFill: null,
  priceJump: '0',
  scope: 'all',
} as const;

export const buyOrder = (overrides: object = {}): Record<string, unknown> => ({
  symbol: 'AZNUSDT',
  side: 'BUY',
  quantity: '50.00',
  type: 'MARKET',
  ...overrides,
});
