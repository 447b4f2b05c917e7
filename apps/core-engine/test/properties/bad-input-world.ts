import fc from 'fast-check';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { CoreHarness, TestBank } from '../../../../test/support/core-harness';

/**
 * The 4xx codes of docs/errors.md with their status: a bad input may get any of these, and
 * nothing else. UNSUPPORTED_MEDIA_TYPE (415) is the filter's answer to a JSON body in a
 * charset or content-encoding body-parser refuses; docs/errors.md does not list it yet.
 */
export const REFUSAL_STATUS = {
  MALFORMED_JSON: 400,
  VALIDATION_ERROR: 400,
  MISSING_IDEMPOTENCY_KEY: 400,
  INVALID_IDEMPOTENCY_KEY: 400,
  MISSING_API_KEY: 401,
  INVALID_API_KEY: 401,
  NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  TRANSACTION_NOT_FOUND: 404,
  QUOTE_NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  AMOUNT_TOO_SMALL: 422,
  AMOUNT_TOO_LARGE: 422,
  INSUFFICIENT_FUNDS: 422,
} as const;
export type RefusalCode = keyof typeof REFUSAL_STATUS;

/** Fixed, so a CI failure replays locally; FC_SEED / FC_NUM_RUNS explore further. */
export const FC_SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261126;
// 50 keeps the suite to a few minutes on 2 cores; FC_NUM_RUNS=500 for a deeper local search.
export const FC_NUM_RUNS = process.env.FC_NUM_RUNS ? Number(process.env.FC_NUM_RUNS) : 50;

/** The JSON body limit of create-app.ts (16kb), in bytes. */
export const BODY_LIMIT_BYTES = 16 * 1024;

/** One request as the wire sees it, with the refusal it must get. Printed as the counterexample. */
export interface BadRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** An array value is sent as that many header lines. */
  headers: Record<string, string | string[]>;
  /** Sent as UTF-8. */
  body?: string;
  /** Compress the body with this before sending (the content-encoding header is the case's own). */
  compress?: 'gzip' | 'deflate' | 'br';
  /** No content-length: the body goes in chunks. */
  chunked?: boolean;
  /** The one code this input must get, or the few the documented order of checks allows. */
  expect: RefusalCode | readonly RefusalCode[];
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

const COMPRESS = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync } as const;

/**
 * A raw node:http request: headers exactly as given (repeated lines, empty values, any case)
 * and bodies exactly as given (malformed, compressed, chunked), which supertest would tidy.
 */
export function send(port: number, req: BadRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
    if (body && req.compress) body = COMPRESS[req.compress](body);
    const headers: Record<string, string | string[]> = { ...req.headers };
    if (body && !req.chunked) headers['content-length'] = String(body.length);
    let answered = false;
    const out = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        answered = true;
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', reject);
    });
    // The server may answer (413) and close before reading the whole body; the answer counts.
    out.on('error', (err) => {
      if (!answered) reject(err);
    });
    if (body && req.chunked) {
      out.write(body);
      out.end();
    } else {
      out.end(body);
    }
  });
}

const ENVELOPE_KEYS = new Set(['success', 'errorCode', 'message', 'retryable', 'details']);

/** A 4xx error envelope with an expected stable code and its documented status; throws what differs. */
export function expectRefusal(answer: Answer, expected: RefusalCode | readonly RefusalCode[]): void {
  const codes: readonly RefusalCode[] = typeof expected === 'string' ? [expected] : expected;
  const fail = (why: string) => {
    throw new Error(`${why}; expected ${codes.join(' or ')}, got ${answer.status} ${answer.contentType} ${answer.text.slice(0, 600)}`);
  };
  if (answer.status < 400 || answer.status > 499) fail('not a 4xx');
  if (!/^application\/json\b/.test(answer.contentType)) fail('not JSON');
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return fail('unparsable body');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('not an envelope');
  const envelope = body as Record<string, unknown>;
  const extra = Object.keys(envelope).filter((k) => !ENVELOPE_KEYS.has(k));
  if (extra.length) fail(`unexpected envelope keys ${extra.join(', ')}`);
  if (envelope.success !== false) fail('success is not false');
  if (typeof envelope.message !== 'string' || envelope.message === '') fail('no message');
  if (!codes.includes(envelope.errorCode as RefusalCode)) fail('unexpected errorCode');
  if (REFUSAL_STATUS[envelope.errorCode as RefusalCode] !== answer.status) fail('status differs from the documented one');
  // A refused input is final: sent again unchanged it is refused again.
  if (envelope.retryable !== false) fail('retryable is not false');
  if ('details' in envelope) {
    const details = envelope.details;
    const strings = Array.isArray(details) && details.length > 0 && details.every((d) => typeof d === 'string' && d !== '');
    if (envelope.errorCode !== 'VALIDATION_ERROR' || !strings) fail('details on a non-validation error, or not a list of strings');
  }
}

/**
 * A Core Engine listening on a loopback port, with the bank under test, its funded user
 * `payer` (AZN and some USDT), and a second bank with its own user and transaction, so that
 * "another bank's" inputs exist.
 */
export class BadInputWorld {
  static readonly PAYER = 'payer';
  static readonly STRANGER = 'stranger';

  private constructor(
    readonly h: CoreHarness,
    readonly bank: TestBank,
    readonly other: TestBank,
    readonly port: number,
    /** The payer's buy, and the other bank's deposit. */
    readonly ownTransactionId: string,
    readonly otherTransactionId: string,
  ) {}

  static async start(): Promise<BadInputWorld> {
    const h = await CoreHarness.start();
    const bank = await h.createBank();
    const other = await h.createBank();
    expect((await h.deposit(bank, BadInputWorld.PAYER, '1000.00')).status).toBe(201);
    const buy = await h.buy(bank, { bankUserId: BadInputWorld.PAYER, amount: '100.00', currency: 'AZN' });
    expect(buy.status).toBe(201);
    const deposit = await h.deposit(other, BadInputWorld.STRANGER, '50.00');
    expect(deposit.status).toBe(201);
    await h.app.listen(0, '127.0.0.1');
    const port = ((h.app.getHttpServer() as Server).address() as AddressInfo).port;
    return new BadInputWorld(h, bank, other, port, buy.body.data.transactionId, deposit.body.data.transactionId);
  }

  stop(): Promise<void> {
    return this.h.stop();
  }

  /**
   * Everything a request of either bank could have written: the payer's balances as the API
   * shows them, row counts of every table the Core writes, and the accounts' balances and
   * versions. Scoped to the two banks because other test files share the database and run
   * at the same time.
   */
  async snapshot(): Promise<unknown> {
    const banks = { bankId: { in: [this.bank.id, this.other.id] } };
    const accountsOfBanks = { OR: [banks, { user: banks }] };
    const p = this.h.prisma;
    const payerBalances = send(this.port, {
      method: 'GET',
      path: `/api/v1/users/${BadInputWorld.PAYER}/balances`,
      headers: { 'x-api-key': this.bank.apiKey },
      expect: [],
    });
    const [users, accounts, transactions, holds, ledger, quotes, outbox, apiKeys] = await Promise.all([
      p.user.count({ where: banks }),
      p.account.findMany({ where: accountsOfBanks, orderBy: { id: 'asc' } }),
      p.transaction.findMany({ where: banks, orderBy: { id: 'asc' }, select: { id: true, status: true, updatedAt: true } }),
      p.hold.count({ where: { OR: [{ transaction: banks }, { account: accountsOfBanks }] } }),
      p.ledger.count({ where: { OR: [{ transaction: banks }, { account: accountsOfBanks }] } }),
      p.quote.count({ where: banks }),
      p.outboxEvent.count({ where: banks }),
      p.apiKey.count({ where: banks }),
    ]);
    return {
      payerBalances: (await payerBalances).text,
      users,
      accounts: accounts.map((a) => `${a.id} ${a.currency} ${a.balance.toFixed(8)} ${a.lockedBalance.toFixed(8)} v${a.version}`),
      transactions: transactions.map((t) => `${t.id} ${t.status} ${t.updatedAt.toISOString()}`),
      holds,
      ledger,
      quotes,
      outbox,
      apiKeys,
    };
  }

  /**
   * Every generated request is refused as its case says, and the database is the same
   * after the whole run as before it.
   */
  async checkRefusals(arbitrary: fc.Arbitrary<BadRequest>, options: { numRuns?: number; endOnFailure?: boolean } = {}): Promise<void> {
    const before = await this.snapshot();
    let failure: Error | undefined;
    try {
      await fc.assert(
        fc.asyncProperty(arbitrary, async (req) => expectRefusal(await send(this.port, req), req.expect)),
        { seed: FC_SEED, numRuns: options.numRuns ?? FC_NUM_RUNS, endOnFailure: options.endOnFailure },
      );
    } catch (err) {
      failure = err instanceof Error ? err : new Error(JSON.stringify(err));
    }
    const after = await this.snapshot();
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      throw new Error(
        `refused requests changed the database:\nbefore ${JSON.stringify(before, null, 1)}\nafter ${JSON.stringify(after, null, 1)}` +
          (failure ? `\nand the property failed: ${failure.message}` : ''),
      );
    }
    if (failure) throw failure;
  }
}
