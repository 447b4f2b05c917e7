import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { MOCK_BANK_ADMIN_KEY_HEADER, MockBankFaultSettings, signedHeaders, validateEnv } from '@app/shared-types';
import { MockBankConfig } from '../../src/config';
import { createMockBankApp } from '../../src/create-app';

export const ADMIN_KEY = 'test-bank-admin-key';
export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef';
export const CORE_API_KEY = 'ck_mock_bank_tests_key';

export type MockBankEnv = Partial<Record<keyof MockBankConfig, string>>;

/** A Mock Bank on this run's database, listening on a loopback port, built the way main.ts builds one. */
export async function startTestBank(env: MockBankEnv = {}): Promise<TestBank> {
  const config = validateEnv(MockBankConfig, {
    DATABASE_URL: process.env.DATABASE_URL,
    // Nothing listens on port 9 (discard): a test that needs a core passes CORE_ENGINE_URL.
    CORE_ENGINE_URL: 'http://127.0.0.1:9',
    MOCK_BANK_CORE_API_KEY: CORE_API_KEY,
    MOCK_BANK_WEBHOOK_SECRET: WEBHOOK_SECRET,
    MOCK_BANK_ADMIN_KEY: ADMIN_KEY,
    LOG_LEVEL: process.env.TEST_LOGS ? undefined : 'silent',
    ...env,
  });
  const app = await createMockBankApp(config);
  await app.listen(0, '127.0.0.1');
  return new TestBank(app, config);
}

export interface SignOptions {
  secret?: string;
  nowSeconds?: number;
  eventId?: string;
}

export class TestBank {
  readonly url: string;

  constructor(
    readonly app: INestApplication,
    readonly config: MockBankConfig,
  ) {
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get server(): Server {
    return this.app.getHttpServer() as Server;
  }

  http(): ReturnType<typeof request> {
    return request(this.server);
  }

  /** A customer of its own for each test (ids never collide across tests and runs). */
  async createCustomer(openingBalance = '500.00'): Promise<string> {
    const id = `cust_${randomUUID().slice(0, 8)}`;
    await this.http()
      .post('/customers')
      .send({ id, name: `Customer ${id}`, openingBalance })
      .expect(201);
    return id;
  }

  async bankBalance(customerId: string): Promise<string> {
    const res = await this.http().get(`/customers/${customerId}/bank-account`);
    return res.body.balance as string;
  }

  /** POSTs `body` (exact text) signed the way the core signs it. */
  signedPost(path: string, body: string, options: SignOptions = {}): request.Test {
    const headers = signedHeaders(options.secret ?? WEBHOOK_SECRET, body, options);
    return this.http().post(path).set(headers).send(body);
  }

  async setFaults(update: Partial<MockBankFaultSettings>): Promise<void> {
    await this.http().put('/admin/faults').set(MOCK_BANK_ADMIN_KEY_HEADER, ADMIN_KEY).send(update).expect(200);
  }

  /** POST /admin/events/catch-up: the core's DEAD events for this bank, redelivered. */
  catchUpEvents(): request.Test {
    return this.http().post('/admin/events/catch-up').set(MOCK_BANK_ADMIN_KEY_HEADER, ADMIN_KEY);
  }

  async resetFaults(): Promise<void> {
    await this.http().post('/admin/faults/reset').set(MOCK_BANK_ADMIN_KEY_HEADER, ADMIN_KEY).expect(200);
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
