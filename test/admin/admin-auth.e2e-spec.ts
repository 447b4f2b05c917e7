import { randomUUID } from 'node:crypto';
import { AdminHarness } from './support/admin-harness';

describe('admin surface: who may open it', () => {
  const world = AdminHarness.suite();

  it('a bank key never opens the admin surface', async () => {
    const bank = await world.core.createBank();
    const res = await world.admin.get('/admin/v1/banks', bank.apiKey);
    expect(res.status).toBe(401);
    expect(res.body.errorCode).toBe('INVALID_OPERATOR_KEY');
    const asApiKey = await world.admin.http().get('/admin/v1/banks').set('x-api-key', bank.apiKey);
    expect(asApiKey.status).toBe(401);
    expect(asApiKey.body.errorCode).toBe('MISSING_OPERATOR_KEY');
  });

  it('an operator key never trades, nor reads a bank API route', async () => {
    for (const key of [world.admin.operatorKey, world.admin.viewerKey]) {
      const buy = await world.core
        .http()
        .post('/api/v1/trade/buy')
        .set('x-api-key', key)
        .set('x-idempotency-key', randomUUID())
        .send({ bankUserId: 'u1', amount: '10.00', currency: 'AZN' });
      expect(buy.status).toBe(401);
      expect(buy.body.errorCode).toBe('INVALID_API_KEY');
    }
  });

  it('the banks API port has no admin route, the admin port no bank route', async () => {
    const onCore = await world.core.http().get('/admin/v1/banks').set('x-operator-key', world.admin.operatorKey);
    expect(onCore.status).toBe(404);
    const onAdmin = await world.admin.http().get('/api/v1/users/u1/balances').set('x-operator-key', world.admin.operatorKey);
    expect(onAdmin.status).toBe(404);
  });

  it('a viewer reads but changes nothing; a revoked operator key stops at once', async () => {
    expect((await world.admin.get('/admin/v1/banks', world.admin.viewerKey)).status).toBe(200);
    const refused = await world.admin.post('/admin/v1/banks', { code: `v-${randomUUID().slice(0, 8)}`, name: 'V' }, world.admin.viewerKey);
    expect(refused.status).toBe(403);
    expect(refused.body.errorCode).toBe('OPERATOR_ROLE_REQUIRED');

    const temp = await world.admin.deps.operatorKeys.create({ id: 'cli:test' }, { name: 'temp', role: 'OPERATOR' });
    expect((await world.admin.get('/admin/v1/banks', temp.key)).status).toBe(200);
    await world.admin.deps.operatorKeys.revoke({ id: 'cli:test' }, temp.id);
    expect((await world.admin.get('/admin/v1/banks', temp.key)).body.errorCode).toBe('INVALID_OPERATOR_KEY');
  });

  it('refuses bad input with stable codes', async () => {
    const bad = await world.admin.post('/admin/v1/banks', { code: 'Bad Code', name: 'x', spreadBps: -1, extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe('VALIDATION_ERROR');
    expect((await world.admin.post('/admin/v1/banks', { code: `n-${randomUUID().slice(0, 8)}` })).body.errorCode).toBe('VALIDATION_ERROR');
    expect((await world.admin.get('/admin/v1/banks/no-such-bank')).body.errorCode).toBe('BANK_NOT_FOUND');
    const bank = await world.core.createBank();
    for (const body of [{ spreadBps: null }, { name: null }, { slippageToleranceBps: 1.5 }, { webhookUrl: 'ftp://x' }]) {
      const patch = await world.admin.patch(`/admin/v1/banks/${bank.code}`, body);
      expect([JSON.stringify(body), patch.status, patch.body.errorCode]).toEqual([JSON.stringify(body), 400, 'VALIDATION_ERROR']);
    }
    expect((await world.admin.patch(`/admin/v1/banks/${bank.code}`, { webhookUrl: null })).body.data.webhookUrl).toBeNull();
    const revoke = await world.admin.post(`/admin/v1/banks/${bank.code}/keys/not-a-uuid/revoke`);
    expect(revoke.status).toBe(404);
    expect(revoke.body.errorCode).toBe('API_KEY_NOT_FOUND');
  });

  it('the audit trail is append-only: the database refuses to change or delete a row', async () => {
    const code = `audit-${randomUUID().slice(0, 8)}`;
    expect((await world.admin.post('/admin/v1/banks', { code, name: 'Audit' })).status).toBe(201);
    const trail = await world.admin.get(`/admin/v1/audit?targetType=bank&limit=5`);
    const entry = trail.body.data.find((e: { after: { code?: string } }) => e.after?.code === code);
    expect(entry).toMatchObject({ actor: `operator:${world.admin.operatorName}`, action: 'bank.create', before: null });
    expect(JSON.stringify(entry)).not.toContain('whsec_');
    await expect(world.admin.prisma.$executeRaw`UPDATE "AdminAudit" SET actor = 'someone else' WHERE id = ${BigInt(entry.id)}`).rejects.toThrow(
      /append-only/,
    );
    await expect(world.admin.prisma.$executeRaw`DELETE FROM "AdminAudit" WHERE id = ${BigInt(entry.id)}`).rejects.toThrow(/append-only/);
  });
});
