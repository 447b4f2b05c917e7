import { randomUUID } from 'node:crypto';
import { PrismaService } from '@app/database';
import { AuditTrail } from '../../apps/core-engine/src/admin/audit/audit-trail.service';
import { OperatorKeys } from '../../apps/core-engine/src/admin/operators/operator-keys.service';
import { CoreProcess, freePort } from '../support/core-process';

// The built Core Engine as production starts it: ADMIN_PORT opens the admin surface beside
// the API, on a port of its own. On the run's database, the reconciler off (as other suites'
// Core Engine processes run there, its outbox dispatcher only delivers events as theirs do).
describe('ADMIN_PORT (a real Core Engine process)', () => {
  let core: CoreProcess | undefined;
  let adminUrl: string;

  beforeAll(async () => {
    const adminPort = await freePort();
    adminUrl = `http://127.0.0.1:${adminPort}`;
    core = await CoreProcess.start({
      DATABASE_URL: process.env.DATABASE_URL as string,
      ADMIN_PORT: String(adminPort),
      RECONCILE_INTERVAL_MS: '0',
      LOG_LEVEL: 'warn',
    });
  }, 90_000);
  afterAll(async () => {
    await core?.kill();
  });

  it('serves /admin/v1 on ADMIN_PORT only, behind operator keys, and stops on SIGTERM', async () => {
    const onAdmin = await fetch(`${adminUrl}/admin/v1/banks`);
    expect(onAdmin.status).toBe(401);
    expect(((await onAdmin.json()) as { errorCode: string }).errorCode).toBe('MISSING_OPERATOR_KEY');
    expect((await fetch(`${core!.url}/admin/v1/banks`)).status).toBe(404);
    expect((await fetch(`${adminUrl}/api/v1/users/u1/balances`)).status).toBe(404);

    // A resolution reaches the Core Engine's own trade stack (main.ts hands it to the admin app): an unknown trade is refused by it.
    const prisma = new PrismaService(process.env.DATABASE_URL as string, 1);
    try {
      const { key } = await new OperatorKeys(prisma, new AuditTrail(prisma)).create({ id: 'cli:test-setup' }, { name: 'port-op', role: 'OPERATOR' });
      const resolve = await fetch(`${adminUrl}/admin/v1/trades/${randomUUID()}/void`, {
        method: 'POST',
        headers: { 'x-operator-key': key, 'content-type': 'application/json' },
        body: JSON.stringify({ note: 'n' }),
      });
      expect(resolve.status).toBe(409);
      expect(((await resolve.json()) as { errorCode: string }).errorCode).toBe('TRADE_NOT_UNDER_REVIEW');
    } finally {
      await prisma.$disconnect();
    }

    await core!.kill('SIGTERM');
    expect(await core!.exited).toBe(0);
  });

  it('refuses to start with an ADMIN_PORT out of range, naming it', async () => {
    await expect(CoreProcess.start({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:9/none', ADMIN_PORT: '70000' })).rejects.toThrow(/ADMIN_PORT/);
  });
});
