import { LoggerService } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { PrismaPg } from '@prisma/adapter-pg';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DatabaseModule, PrismaService } from '@app/database';
import { PrismaClient } from '@app/prisma-client';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, TradeEvent, verifySignature } from '@app/shared-types';
import { dropDatabase } from '../../../../scripts/db/ensure-database';
import { ensureBank } from '../../../../scripts/db/seed-data';
import { expectLedgerInvariants } from '../../../../test/support/ledger-invariants';
import { createMigratedDatabase } from '../../../../test/support/test-database';
import {
  DEFAULT_OUTBOX_DISPATCHER_OPTIONS,
  OUTBOX_DISPATCHER_OPTIONS,
  OutboxDispatcher,
  OutboxDispatcherOptions,
  retryDelayMs,
} from './outbox-dispatcher.service';
import { OutboxModule } from './outbox.module';

// Other test files may run Core Engines (with their own dispatchers) on the same database
// at the same time. They may pick up these events too; every assertion here holds
// whichever process delivers.

describe('retryDelayMs', () => {
  const options = { backoffBaseMs: 1000, backoffCapMs: 60000 };

  it('doubles from the base per failed attempt, without jitter at random 0', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, options, 0))).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000]);
  });

  it('never exceeds the cap, however many attempts', () => {
    expect(retryDelayMs(1000, options, 0)).toBe(60000);
    expect(retryDelayMs(100000, options, 0)).toBe(60000);
  });

  it('takes off at most 10% as jitter', () => {
    expect(retryDelayMs(1, options, 0.999999)).toBe(900);
    expect(retryDelayMs(10, options, 0.5)).toBe(57000);
  });
});

type Mode = 'ok' | 'fail' | 'hang';

interface Delivery {
  eventId: string | undefined;
  body: string;
  signature: string;
}

/** A bank's webhook endpoint: checks signatures, answers as `mode` says, counts overlapping deliveries. */
class WebhookEndpoint {
  mode: Mode = 'ok';
  delayMs = 0;
  readonly deliveries: Delivery[] = [];
  readonly overlaps: string[] = [];
  private readonly open = new Map<string, number>();
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly secret: string,
  ) {}

  static async start(): Promise<WebhookEndpoint> {
    let endpoint: WebhookEndpoint | undefined;
    const server = createServer((req, res) => endpoint?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = new WebhookEndpoint(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, `secret-${randomUUID()}`);
    return endpoint;
  }

  received(eventId: string): number {
    return this.deliveries.filter((d) => d.eventId === eventId).length;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const eventId = req.headers[EVENT_ID_HEADER] as string | undefined;
      const check = verifySignature(this.secret, req.headers[TIMESTAMP_HEADER] as string, req.headers[SIGNATURE_HEADER] as string, body);
      this.deliveries.push({ eventId, body, signature: check });
      if (this.mode === 'hang') {
        this.hanging.add(res);
        return;
      }
      const key = eventId ?? '';
      this.open.set(key, (this.open.get(key) ?? 0) + 1);
      if ((this.open.get(key) ?? 0) > 1) this.overlaps.push(key);
      setTimeout(() => {
        this.open.set(key, (this.open.get(key) ?? 1) - 1);
        const status = check !== 'ok' ? 401 : this.mode === 'ok' ? 200 : 503;
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status }));
      }, this.delayMs);
    });
  }
}

/** Quiet unless TEST_LOGS is set (the failing-bank tests log a warning per attempt). */
function testLogger(): LoggerService {
  const quiet = () => undefined;
  return process.env.TEST_LOGS ? console : { log: quiet, warn: quiet, error: quiet, debug: quiet, verbose: quiet };
}

async function waitFor<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('OutboxDispatcher (PostgreSQL)', () => {
  let url: string;
  let prisma: PrismaClient;
  const started: TestingModule[] = [];
  const endpoints: WebhookEndpoint[] = [];

  beforeAll(async () => {
    // A database of its own: in the shared one, other suites' Core Engines run dispatchers
    // too, and one shut down in the middle of a delivery makes an event arrive twice
    // (at-least-once by design) where these tests count exactly one. expectLedgerInvariants
    // reads DATABASE_URL; jest gives each test file its own process.env.
    url = await createMigratedDatabase('outbox');
    process.env.DATABASE_URL = url;
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((m) => m.close()));
    await Promise.all(endpoints.splice(0).map((e) => e.close()));
  });

  afterAll(async () => {
    await expectLedgerInvariants();
    await prisma?.$disconnect();
    if (url && !process.env.KEEP_TEST_DATABASE) await dropDatabase(url);
  });

  async function dispatcher(options: Partial<OutboxDispatcherOptions>): Promise<TestingModule> {
    const moduleRef = await Test.createTestingModule({
      imports: [DatabaseModule.forRoot({ url, poolSize: 3 }), OutboxModule.forRoot(options)],
    })
      .setLogger(testLogger())
      .compile();
    await moduleRef.init();
    started.push(moduleRef);
    return moduleRef;
  }

  async function bankWithEndpoint(): Promise<{ bankId: string; endpoint: WebhookEndpoint }> {
    const endpoint = await WebhookEndpoint.start();
    endpoints.push(endpoint);
    const code = `outbox-${randomUUID()}`;
    const bankId = await ensureBank(prisma, {
      code,
      name: code,
      apiKey: `ck_${randomUUID()}`,
      webhookUrl: endpoint.url,
      webhookSecret: endpoint.secret,
    });
    return { bankId, endpoint };
  }

  async function enqueue(bankId: string, attempts = 0): Promise<{ id: string; payload: string }> {
    const event: TradeEvent = {
      eventId: randomUUID(),
      type: 'trade.completed',
      createdAt: new Date().toISOString(),
      data: {
        transactionId: randomUUID(),
        type: 'BUY',
        status: 'COMPLETED',
        bankUserId: 'outbox_user',
        amountIn: '100.00',
        currencyIn: 'AZN',
        amountOut: '58.47',
        currencyOut: 'USDT',
        exchangeRate: '1.7100',
        errorCode: null,
      },
    };
    const payload = JSON.stringify(event);
    await prisma.outboxEvent.create({
      data: { id: event.eventId, bankId, type: event.type, transactionId: event.data.transactionId, payload, attempts },
    });
    return { id: event.eventId, payload };
  }

  const row = (id: string) => prisma.outboxEvent.findUniqueOrThrow({ where: { id } });

  it('delivers a due event signed over the exact stored payload, and marks it DELIVERED', async () => {
    const { bankId, endpoint } = await bankWithEndpoint();
    await dispatcher({ pollMs: 20 });
    const event = await enqueue(bankId);

    const delivered = await waitFor(
      'DELIVERED',
      () => row(event.id),
      (r) => r.status === 'DELIVERED',
    );
    expect(delivered.attempts).toBe(1);
    expect(delivered.deliveredAt).toBeInstanceOf(Date);
    expect(delivered.lastError).toBeNull();
    expect(endpoint.deliveries).toEqual([{ eventId: event.id, body: event.payload, signature: 'ok' }]);
  });

  it('keeps the event PENDING with growing attempts while the bank fails, and delivers it once the bank is back', async () => {
    const { bankId, endpoint } = await bankWithEndpoint();
    endpoint.mode = 'fail';
    await dispatcher({ pollMs: 20, backoffBaseMs: 40, backoffCapMs: 150 });
    const event = await enqueue(bankId);

    const failing = await waitFor(
      '3 failed attempts',
      () => row(event.id),
      (r) => r.attempts >= 3,
    );
    expect(failing.status).toBe('PENDING');
    expect(failing.lastError).toBe('HTTP 503');
    expect(failing.deliveredAt).toBeNull();

    endpoint.mode = 'ok';
    const delivered = await waitFor(
      'DELIVERED',
      () => row(event.id),
      (r) => r.status === 'DELIVERED',
    );
    expect(delivered.attempts).toBeGreaterThanOrEqual(4);
    expect(delivered.lastError).toBeNull();
    expect(endpoint.deliveries.every((d) => d.signature === 'ok' && d.body === event.payload)).toBe(true);
  });

  it('counts a bank slower than the request timeout as a failed attempt', async () => {
    const { bankId, endpoint } = await bankWithEndpoint();
    endpoint.mode = 'hang';
    await dispatcher({ pollMs: 20, requestTimeoutMs: 200, backoffBaseMs: 40, backoffCapMs: 100 });
    const event = await enqueue(bankId);

    // 20 s: generous for a loaded machine.
    const failed = await waitFor(
      'a timed-out attempt',
      () => row(event.id),
      (r) => r.attempts >= 1,
      20000,
    );
    expect(failed.status).toBe('PENDING');
    expect(failed.lastError).toMatch(/timeout|ECONNABORTED|ECONNRESET/i);
  });

  it('never has two dispatchers send the same event at the same moment, and sends each event once', async () => {
    const { bankId, endpoint } = await bankWithEndpoint();
    endpoint.delayMs = 30;
    await Promise.all([dispatcher({ pollMs: 5, batchSize: 3 }), dispatcher({ pollMs: 5, batchSize: 3 })]);
    const events = await Promise.all(Array.from({ length: 24 }, () => enqueue(bankId)));

    await waitFor(
      'all DELIVERED',
      () => prisma.outboxEvent.count({ where: { id: { in: events.map((e) => e.id) }, status: 'DELIVERED' } }),
      (n) => n === events.length,
      20000,
    );
    expect(endpoint.overlaps).toEqual([]);
    expect(events.map((e) => endpoint.received(e.id))).toEqual(events.map(() => 1));
  });

  it('marks an event DEAD when its last allowed attempt fails', async () => {
    const { bankId, endpoint } = await bankWithEndpoint();
    endpoint.mode = 'fail';
    await dispatcher({ pollMs: 20 });
    const event = await enqueue(bankId, DEFAULT_OUTBOX_DISPATCHER_OPTIONS.maxAttempts - 1);

    const dead = await waitFor(
      'DEAD',
      () => row(event.id),
      (r) => r.status === 'DEAD',
    );
    expect(dead.attempts).toBe(DEFAULT_OUTBOX_DISPATCHER_OPTIONS.maxAttempts);
    expect(dead.lastError).toBe('HTTP 503');
  });

  it('leaves alone the events of a bank without a webhook endpoint', async () => {
    const code = `outbox-none-${randomUUID()}`;
    const bankId = await ensureBank(prisma, { code, name: code, apiKey: `ck_${randomUUID()}` });
    const moduleRef = await dispatcher({ enabled: false });
    const event = await enqueue(bankId);

    for (let i = 0; i < 3; i++) await moduleRef.get(OutboxDispatcher).dispatchDue();
    expect(await row(event.id)).toMatchObject({ status: 'PENDING', attempts: 0, lastError: null });
  });

  it('survives a failed pass and keeps polling', async () => {
    const moduleRef = await dispatcher({ pollMs: 10 });
    const prismaService = moduleRef.get(PrismaService);
    const spy = jest.spyOn(prismaService, '$queryRaw').mockRejectedValueOnce(new Error('database away'));
    await waitFor(
      'another pass after the failure',
      async () => spy.mock.calls.length,
      (n) => n >= 3,
    );
    spy.mockRestore();
  });

  it('stops promptly at shutdown, even with a delivery hanging', async () => {
    const { bankId, endpoint } = await bankWithEndpoint();
    endpoint.mode = 'hang';
    const moduleRef = await dispatcher({ pollMs: 20, requestTimeoutMs: 30000 });
    const event = await enqueue(bankId);
    await waitFor(
      'the delivery to start',
      async () => endpoint.received(event.id),
      (n) => n >= 1,
    );

    const closing = Date.now();
    await moduleRef.close();
    started.splice(started.indexOf(moduleRef), 1);
    expect(Date.now() - closing).toBeLessThan(2000);
    expect((await row(event.id)).status).toBe('PENDING');
  });

  it('takes its options from forRoot, defaults for what is left out', async () => {
    const moduleRef = await dispatcher({ pollMs: 25, enabled: false, batchSize: undefined });
    expect(moduleRef.get(OUTBOX_DISPATCHER_OPTIONS)).toEqual({ ...DEFAULT_OUTBOX_DISPATCHER_OPTIONS, pollMs: 25, enabled: false });

    const plain = await Test.createTestingModule({ imports: [DatabaseModule.forRoot({ url, poolSize: 1 }), OutboxModule] })
      .setLogger(testLogger())
      .compile();
    expect(plain.get(OUTBOX_DISPATCHER_OPTIONS)).toEqual(DEFAULT_OUTBOX_DISPATCHER_OPTIONS);
    await plain.close();
  });
});
