import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { PrismaService } from '@app/database';
import { CoreHarness, TestBank } from '../support/core-harness';
import { createMigratedDatabase } from '../support/test-database';
import { AuditTrail } from '../../apps/core-engine/src/admin/audit/audit-trail.service';
import { CoreConfig } from '../../apps/core-engine/src/config';
import { TakeLedgerCheckpointUseCase } from '../../apps/core-engine/src/proofs/checkpoint/take-ledger-checkpoint.use-case';
import { verifyLedgerChain } from '../../apps/core-engine/src/proofs/checkpoint/verify-ledger-chain';

const keyPem = () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

// Its own database: the test changes a ledger row behind the trigger's back, as a superuser would.
describe('ledger checkpoints: a signed hash chain over the ledger rows (docs/proofs.md)', () => {
  const sharedUrl = process.env.DATABASE_URL;
  let url: string;
  let core: CoreHarness;
  let bank: TestBank;
  let prisma: PrismaService;

  beforeAll(async () => {
    url = await createMigratedDatabase('checkpoints');
    process.env.DATABASE_URL = url;
    core = await CoreHarness.start({ LEDGER_CHECKPOINT_PRIVATE_KEY: keyPem(), LEDGER_CHECKPOINT_KEY_ID: 'key-1', LEDGER_CHECKPOINT_SETTLE_MS: '0' });
    prisma = new PrismaService(url, 2);
    bank = await core.createBank();
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await core?.stop();
    process.env.DATABASE_URL = sharedUrl;
  });

  const checkpoints = () => core.app.get(TakeLedgerCheckpointUseCase, { strict: false });

  async function asSuperuser(sql: string) {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('ALTER TABLE "Ledger" DISABLE TRIGGER "Ledger_no_update_delete"');
      await client.query(sql);
    } finally {
      await client.query('ALTER TABLE "Ledger" ENABLE TRIGGER "Ledger_no_update_delete"');
      await client.end();
    }
  }

  it('chains checkpoints across a key rotation, then names the first row changed behind the trigger', async () => {
    expect((await core.deposit(bank, 'alice', '100.00')).status).toBe(201);
    expect((await core.buy(bank, { bankUserId: 'alice', amount: '10.00', currency: 'AZN' })).status).toBe(201);
    const first = await checkpoints().take({ id: 'cli:test' });
    expect(first).toMatchObject({ sequence: 1, fromId: '0', rowCount: 6, previousHash: '0'.repeat(64), keyId: 'key-1' });
    expect(await checkpoints().take('daily')).toBeNull(); // nothing new

    // Rotation: the next checkpoint is signed by another key; each stores its own public key.
    expect((await core.deposit(bank, 'bob', '30.00')).status).toBe(201);
    const rotated = new TakeLedgerCheckpointUseCase(
      prisma,
      Object.assign(new CoreConfig(), core.config, { LEDGER_CHECKPOINT_PRIVATE_KEY: keyPem(), LEDGER_CHECKPOINT_KEY_ID: 'key-2' }),
      new AuditTrail(prisma),
    );
    const second = await rotated.take('daily');
    expect(second).toMatchObject({ sequence: 2, fromId: first!.toId, rowCount: 2, previousHash: first!.chainHash, keyId: 'key-2' });
    expect(await verifyLedgerChain(prisma)).toEqual({ checkpoints: 2, rows: 8, problems: [] });
    const keys = await prisma.ledgerCheckpoint.findMany({ orderBy: { sequence: 'asc' }, select: { publicKey: true } });
    expect((await verifyLedgerChain(prisma, [keys[0].publicKey])).problems).toEqual([
      `checkpoint 2 (rows ${BigInt(first!.toId) + 1n}..${second!.toId}): signed by key key-2, which is not a trusted key`,
    ]);
    const audit = await prisma.adminAudit.findFirst({ where: { action: 'ledger_checkpoint.take' } });
    expect(audit?.targetId).toBe(first!.checkpointId);

    // A superuser changes one row of the first range, trigger off and on again.
    const row = await prisma.ledger.findFirstOrThrow({ where: { id: { gt: 2n } }, orderBy: { id: 'asc' } });
    await asSuperuser(`UPDATE "Ledger" SET amount = amount + 0.01 WHERE id = ${row.id}`);
    const report = await verifyLedgerChain(prisma);
    expect(report.problems).toEqual([`checkpoint 1 (rows 1..${first!.toId}): row ${row.id} differs from the row the checkpoint hashed`]);

    // The command says the same, exit 1.
    const run = spawnSync(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/ledger/verify.ts', '--proof'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, DATABASE_URL: url },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`FAIL checkpoint 1 (rows 1..${first!.toId}): row ${row.id} differs from the row the checkpoint hashed`);

    // A row deleted from the second range is caught too.
    await asSuperuser(`UPDATE "Ledger" SET amount = amount - 0.01 WHERE id = ${row.id}`);
    expect((await verifyLedgerChain(prisma)).problems).toEqual([]);
    await asSuperuser(`DELETE FROM "Ledger" WHERE id = ${second!.toId}`);
    expect((await verifyLedgerChain(prisma)).problems).toEqual([
      `checkpoint 2 (rows ${BigInt(first!.toId) + 1n}..${second!.toId}): 1 row(s) are gone, after row ${BigInt(second!.toId) - 1n}`,
    ]);
  });
});
