import { PrismaPg } from '@prisma/adapter-pg';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { PrismaClient } from '../../../generated/prisma/client';
import { generateApiKey } from '../../../apps/core-engine/src/auth/api-key-hash';
import { ensureDatabase } from '../../../scripts/db/ensure-database';
import { ensureBank, ensureOmnibus } from '../../../scripts/db/seed-data';
import { AcknowledgingBank } from '../../support/acknowledging-bank';
import { CORE_MAIN, CoreProcess } from '../../support/core-process';
import { MockExchangeHandle, startMockExchange } from '../../support/mock-exchange-harness';
import { PrivatePostgres } from '../../support/private-postgres';
import { migrate } from '../../support/test-database';
import { Answer, call, expectDocumented, ledgerVerify, sleep, waitUntil } from './fault-world';

/**
 * Issue 13, section 2: PostgreSQL stopped for 10 s under a real Core Engine process, then
 * started again. On a server of the test's own (initdb + pg_ctl in a temporary directory),
 * never the shared one the other suites use.
 */
const EXCHANGE_TIMEOUT_MS = 1000;
const MARGIN_MS = 2000;
/** The database's own bound: a pool connection attempt (DATABASE_CONNECT_TIMEOUT_MS) after the exchange's calls. */
const BOUND_MS = 2 * EXCHANGE_TIMEOUT_MS + MARGIN_MS + 2000;
const OUTAGE_MS = 10_000;
/** What docs/errors.md promises while the database is away. */
const DATABASE_DOWN = ['503 SERVICE_BUSY', '202'];

describe('PostgreSQL stopped for 10 s under a real Core Engine', () => {
  let pg: PrivatePostgres;
  let databaseUrl: string;
  let prisma: PrismaClient;
  let exchange: MockExchangeHandle;
  let bankSide: AcknowledgingBank;
  let core: CoreProcess;
  let apiKey: string;
  let bankId: string;
  const user = `pg_user_${randomUUID().slice(0, 8)}`;

  const buy = (amount = '5.00') => call(core, apiKey, '/api/v1/trade/buy', { bankUserId: user, amount, currency: 'AZN' });
  const deposit = (amount = '5.00') => call(core, apiKey, '/api/v1/funding/deposit', { bankUserId: user, amount, currency: 'AZN' });
  const balances = () => call(core, apiKey, `/api/v1/users/${user}/balances`, null);

  beforeAll(async () => {
    if (!existsSync(CORE_MAIN)) throw new Error(`${CORE_MAIN} is missing: npm test builds it`);
    if (!PrivatePostgres.available()) throw new Error('initdb and pg_ctl are needed (PG_BIN_DIR, default /usr/lib/postgresql/15/bin)');
    pg = await PrivatePostgres.start();
    databaseUrl = pg.url('faults_pg');
    await ensureDatabase(databaseUrl);
    await migrate(databaseUrl);
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    await ensureOmnibus(prisma, 1);
    exchange = await startMockExchange();
    await exchange.reset({ mid: '1.7000' });
    bankSide = await AcknowledgingBank.start(`secret-${randomUUID()}`);
    apiKey = generateApiKey();
    bankId = await ensureBank(prisma, {
      code: `pg-${randomUUID()}`,
      name: 'PG Bank',
      apiKey,
      callbackUrl: bankSide.url,
      webhookSecret: bankSide.secret,
    });
    core = await CoreProcess.start({
      DATABASE_URL: databaseUrl,
      EXCHANGE_URL: exchange.url,
      EXCHANGE_TIMEOUT_MS: String(EXCHANGE_TIMEOUT_MS),
      BANK_ACK_TIMEOUT_MS: '1000',
      RECONCILE_INTERVAL_MS: '250',
      EXCHANGE_RECV_WINDOW_MS: '1000',
      RECONCILE_MIN_AGE_MS: '3000',
      RATE_LIMIT_PER_SECOND: '0',
      DATABASE_POOL_SIZE: '4',
      LOG_LEVEL: 'warn',
    });
    expect((await deposit('100.00')).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await core?.kill('SIGKILL');
    await exchange?.close();
    await bankSide?.close();
    await prisma?.$disconnect();
    await pg?.destroy();
  });

  it('every request gets a documented answer in time while it is down, the core keeps its pid, and it serves again by itself once the server is back', async () => {
    const pid = core.child.pid;
    await prisma.$disconnect();
    await pg.stopServer();
    const stoppedAt = Date.now();
    const answers: { what: string; answer: Answer }[] = [];
    while (Date.now() - stoppedAt < OUTAGE_MS) {
      const [b, d, r] = await Promise.all([buy(), deposit(), balances()]);
      answers.push({ what: 'buy', answer: b }, { what: 'deposit', answer: d }, { what: 'balances', answer: r });
      await sleep(500);
    }
    await pg.startServer();

    expect(answers.length).toBeGreaterThanOrEqual(9);
    for (const { what, answer } of answers) {
      expectDocumented(answer, what === 'balances' ? ['503 SERVICE_BUSY'] : DATABASE_DOWN, BOUND_MS);
    }
    expect(core.child.exitCode).toBeNull();
    expect(core.child.pid).toBe(pid);

    // Back by itself: the pool reconnects, no restart.
    const recovered = await waitUntil(buy, (a) => a.status === 201, 20_000);
    expect(recovered.status).toBe(201);
    expect((await deposit('1.00')).status).toBe(201);
    expect((await balances()).status).toBe(200);
    expect(core.child.pid).toBe(pid);
    expect(core.log).not.toContain('unhandled_rejection');

    // Nothing left PENDING once the reconciler has passed, and the books hold.
    const pending = () => prisma.transaction.count({ where: { bankId, status: 'PENDING' } });
    expect(await waitUntil(pending, (n) => n === 0, 20_000)).toBe(0);
    const verify = await ledgerVerify(databaseUrl);
    expect({ code: verify.code, output: verify.code === 0 ? '' : verify.output }).toEqual({ code: 0, output: '' });
  }, 120_000);
});
