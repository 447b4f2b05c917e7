import { randomUUID } from 'node:crypto';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '@app/shared-types';
import { AcknowledgingBank } from '../support/acknowledging-bank';
import { CoreHarness } from '../support/core-harness';
import { AdminHarness } from './support/admin-harness';
import { ReceivedWebhook, WebhookInbox } from './support/webhook-inbox';

/** Which of `secrets` verify the webhook (a rotation's message carries one signature per secret in force). */
function verifiedBy(webhook: ReceivedWebhook, secrets: Record<string, string>): string[] {
  const ts = webhook.headers[TIMESTAMP_HEADER] as string;
  const sig = webhook.headers[SIGNATURE_HEADER] as string;
  return Object.entries(secrets)
    .filter(([, secret]) => verifySignature(secret, ts, sig, webhook.body) === 'ok')
    .map(([name]) => name);
}

describe('done when: a bank onboarded with the admin API alone, to its first trade, then its key and webhook secret rotated', () => {
  let core: CoreHarness;
  let admin: AdminHarness;
  let inbox: WebhookInbox;
  const banksSide: AcknowledgingBank[] = [];

  beforeAll(async () => {
    core = await CoreHarness.start({ OUTBOX_POLL_MS: '50' });
    admin = await AdminHarness.start(core);
    inbox = await WebhookInbox.start();
  });
  afterAll(async () => {
    await admin.stop();
    await core.stop();
    await inbox.close();
    for (const b of banksSide) await b.close();
  });

  it('onboards, trades, rotates the key and the webhook secret: no request of the bank fails', async () => {
    const code = `onb-${randomUUID().slice(0, 8)}`;
    const user = 'first-customer';
    /** Every call the bank makes to the core; all must succeed. */
    const bankCalls: { what: string; status: number; errorCode?: string }[] = [];
    const call = async (what: string, req: Promise<{ status: number; body: { errorCode?: string; data?: { transactionId?: string } } }>) => {
      const res = await req;
      bankCalls.push({ what, status: res.status, errorCode: res.body.errorCode });
      return res;
    };
    const deposit = (key: string, amount: string) =>
      call(
        `deposit ${amount}`,
        core
          .http()
          .post('/api/v1/funding/deposit')
          .set('x-api-key', key)
          .set('x-idempotency-key', randomUUID())
          .send({ bankUserId: user, amount, currency: 'AZN' }),
      );
    const buy = (key: string, amount: string) =>
      call(
        `buy ${amount}`,
        core
          .http()
          .post('/api/v1/trade/buy')
          .set('x-api-key', key)
          .set('x-idempotency-key', randomUUID())
          .send({ bankUserId: user, amount, currency: 'AZN' }),
      );

    // Onboarding: the bank, its acknowledgement endpoint (which knows the secret only once it is shown), a key.
    const created = await admin.post('/admin/v1/banks', { code, name: 'Onboarded Bank', spreadBps: 100, webhookUrl: inbox.url });
    expect(created.status).toBe(201);
    const secret1: string = created.body.data.webhookSecret;
    expect(secret1).toMatch(/^whsec_/);
    const ackOld = await AcknowledgingBank.start(secret1);
    banksSide.push(ackOld);
    expect((await admin.patch(`/admin/v1/banks/${code}`, { callbackUrl: ackOld.url })).body.data.callbackUrl).toBe(ackOld.url);
    const key1 = await admin.post(`/admin/v1/banks/${code}/keys`, { label: 'first' });
    expect(key1.status).toBe(201);
    const apiKey1: string = key1.body.data.key;

    // The first trade.
    expect((await deposit(apiKey1, '100.00')).status).toBe(201);
    const firstBuy = await buy(apiKey1, '10.00');
    expect(firstBuy.status).toBe(201);
    const firstWebhook = await inbox.about(firstBuy.body.data!.transactionId!);
    expect(verifiedBy(firstWebhook, { secret1 })).toEqual(['secret1']);

    // Key rotation: a second key, both work, the first revoked; the bank only ever uses a live key.
    const key2 = await admin.post(`/admin/v1/banks/${code}/keys`, { label: 'second' });
    const apiKey2: string = key2.body.data.key;
    expect((await deposit(apiKey1, '1.00')).status).toBe(201);
    expect((await deposit(apiKey2, '1.00')).status).toBe(201);
    expect((await admin.post(`/admin/v1/banks/${code}/keys/${key1.body.data.id}/revoke`)).body.data.revokedAt).not.toBeNull();
    expect((await deposit(apiKey2, '1.00')).status).toBe(201);
    const keys = (await admin.get(`/admin/v1/banks/${code}/keys`)).body.data as {
      id: string;
      label: string;
      lastUsedAt: string | null;
      revokedAt: string | null;
    }[];
    expect(keys.map((k) => [k.label, k.revokedAt !== null, k.lastUsedAt !== null])).toEqual([
      ['first', true, true],
      ['second', false, true],
    ]);
    // The revoked key is refused (API_KEY_CACHE_MS is 0 in these tests).
    const revokedUse = await core.balances({ id: '', code, apiKey: apiKey1 }, user);
    expect(revokedUse.body.errorCode).toBe('INVALID_API_KEY');

    // Webhook secret rotation with overlap: the bank still holding the old secret verifies everything...
    const rotated = await admin.post(`/admin/v1/banks/${code}/webhook-secret/rotate`, { overlapSeconds: 3600 });
    expect(rotated.status).toBe(200);
    const secret2: string = rotated.body.data.webhookSecret;
    expect(rotated.body.data.previousWebhookSecretUntil).not.toBeNull();
    expect((await deposit(apiKey2, '5.00')).status).toBe(201); // acknowledged by the old-secret endpoint
    const overlapBuy = await buy(apiKey2, '10.00');
    expect(verifiedBy(await inbox.about(overlapBuy.body.data!.transactionId!), { secret1, secret2 })).toEqual(['secret1', 'secret2']);
    // ...then it installs the new secret (its new endpoint), still within the overlap...
    const ackNew = await AcknowledgingBank.start(secret2);
    banksSide.push(ackNew);
    await admin.patch(`/admin/v1/banks/${code}`, { callbackUrl: ackNew.url });
    expect((await deposit(apiKey2, '5.00')).status).toBe(201);
    // ...and the operator ends the overlap: the new secret alone signs.
    expect((await admin.post(`/admin/v1/banks/${code}/webhook-secret/end-overlap`)).body.data.previousWebhookSecretUntil).toBeNull();
    expect((await deposit(apiKey2, '5.00')).status).toBe(201);
    const lastBuy = await buy(apiKey2, '10.00');
    expect(verifiedBy(await inbox.about(lastBuy.body.data!.transactionId!), { secret1, secret2 })).toEqual(['secret2']);

    expect(bankCalls.filter((c) => c.status >= 300)).toEqual([]);
    expect(ackOld.received.length).toBe(5); // 100 + 1 + 1 + 1 + 5: every deposit before the switch
    expect(ackNew.received.length).toBe(2);

    // Every step is in the audit trail, by the operator, without a secret.
    const bankId: string = created.body.data.id;
    const trail = (await admin.get(`/admin/v1/audit?targetType=bank&targetId=${bankId}`)).body.data as { action: string; actor: string }[];
    expect(trail.map((e) => e.action).reverse()).toEqual([
      'bank.create',
      'bank.update',
      'bank.rotate_webhook_secret',
      'bank.update',
      'bank.end_webhook_secret_overlap',
    ]);
    expect(new Set(trail.map((e) => e.actor))).toEqual(new Set([`operator:${admin.operatorName}`]));
    expect(JSON.stringify(trail)).not.toMatch(/whsec_/);
  });

  it('a suspended bank is refused with 403 BANK_SUSPENDED until it is resumed', async () => {
    const bank = await core.createBank();
    expect((await core.deposit(bank, 'u', '10.00')).status).toBe(201);
    expect((await admin.post(`/admin/v1/banks/${bank.code}/suspend`)).body.data.suspendedAt).not.toBeNull();
    const refused = await core.deposit(bank, 'u', '10.00');
    expect(refused.status).toBe(403);
    expect(refused.body.errorCode).toBe('BANK_SUSPENDED');
    expect((await core.balances(bank, 'u')).body.errorCode).toBe('BANK_SUSPENDED');
    await admin.post(`/admin/v1/banks/${bank.code}/resume`);
    expect((await core.deposit(bank, 'u', '10.00')).status).toBe(201);
    expect((await core.accounts(bank, 'u')).AZN.balance).toBe('20.00000000');
  });
});
