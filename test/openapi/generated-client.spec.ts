import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';

/**
 * docs/openapi/core-engine.json as a client generator reads it: openapi-typescript (a generator
 * no one here wrote) turns the committed document into types, and a bank's walk through the API
 * with openapi-fetch (deposit, quote, buy, sell, withdraw, balances, the transaction list and the
 * events, with paging) must type-check against them. A document that says something else than
 * real use (a number typed as a string, a field missing) fails here. Offline; one compilation.
 */

const ROOT = resolve(__dirname, '../..');
const DOCUMENT = resolve(ROOT, 'docs/openapi/core-engine.json');
/** Its command line, as a bank would run it (the package is ESM, which jest's module system does not load). */
const GENERATOR = resolve(ROOT, 'node_modules/openapi-typescript/bin/cli.js');

/** What a bank writes with the generated types: every call as the docs show it (bank-integration.md). */
const WALK = `
import createClient from 'openapi-fetch';
import type { paths } from './core-engine';

type Client = ReturnType<typeof createClient<paths>>;

export function client(baseUrl: string, apiKey: string): Client {
  return createClient<paths>({ baseUrl, headers: { 'x-api-key': apiKey } });
}

export async function walk(api: Client, bankUserId: string, newKey: () => string): Promise<string[]> {
  const deposit = await api.POST('/api/v1/funding/deposit', {
    params: { header: { 'x-idempotency-key': newKey() } },
    body: { bankUserId, amount: '100.00', currency: 'AZN' },
  });
  if (!deposit.data) throw new Error(deposit.error.errorCode);
  const ids: string[] = [deposit.data.data.transactionId];

  const quote = await api.POST('/api/v1/trade/quote', { body: { bankUserId, side: 'BUY', amount: '50.00', currency: 'AZN' } });
  if (!quote.data) throw new Error(quote.error.errorCode + ': ' + quote.error.message);
  const quoteId: string = quote.data.data.quoteId;
  const rate: string = quote.data.data.exchangeRate;

  const buy = await api.POST('/api/v1/trade/buy', {
    params: { header: { 'x-idempotency-key': newKey() } },
    body: { bankUserId, amount: '50.00', currency: 'AZN', quoteId },
  });
  if (buy.error) throw new Error(buy.error.errorCode + (buy.error.retryable ? ' (retry)' : ''));
  const bought: 'PENDING' | 'COMPLETED' | 'FAILED' = buy.data.data.status;
  ids.push(buy.data.data.transactionId);

  const sell = await api.POST('/api/v1/trade/sell', {
    params: { header: { 'x-idempotency-key': newKey() } },
    body: { bankUserId, amount: '10.00', currency: 'USDT' },
  });
  if (sell.data) ids.push(sell.data.data.transactionId);

  const withdraw = await api.POST('/api/v1/funding/withdraw', {
    params: { header: { 'x-idempotency-key': newKey() } },
    body: { bankUserId, amount: '20.00', currency: 'AZN' },
  });
  if (withdraw.data) ids.push(withdraw.data.data.transactionId);

  const balances = await api.GET('/api/v1/users/{bankUserId}/balances', { params: { path: { bankUserId } } });
  if (!balances.data) throw new Error(balances.error.errorCode);
  const azn = balances.data.data.balances.find((b) => b.currency === 'AZN')?.available ?? '0.00';

  let cursor: string | undefined;
  do {
    const page = await api.GET('/api/v1/transactions', { params: { query: { bankUserId, type: 'BUY', status: 'COMPLETED', limit: 10, cursor } } });
    if (!page.data) throw new Error(page.error.errorCode);
    for (const t of page.data.data.items) ids.push(t.transactionId + ' ' + t.type + ' ' + t.amountIn);
    cursor = page.data.data.nextCursor ?? undefined;
  } while (cursor);

  const events = await api.GET('/api/v1/events', { params: { query: { type: 'trade.completed', deliveryStatus: 'DEAD', limit: 100 } } });
  if (!events.data) throw new Error(events.error.errorCode);
  for (const e of events.data.data.items) ids.push(e.eventId + ' ' + e.attempts);
  return [...ids, bought, rate, azn];
}
`;

/** Uses the same types the wrong way: each line must be refused, so the check above can fail. */
const MISUSE = `
import createClient from 'openapi-fetch';
import type { paths } from './core-engine';

export async function misuse(api: ReturnType<typeof createClient<paths>>): Promise<void> {
  await api.GET('/api/v1/transactions', { params: { query: { limit: '10' } } });
  await api.POST('/api/v1/funding/deposit', { params: { header: { 'x-idempotency-key': 'k' } }, body: { bankUserId: 'u', amount: 100, currency: 'AZN' } });
  await api.POST('/api/v1/trade/buy', { body: { bankUserId: 'u', amount: '1.00', currency: 'AZN' } });
}
`;

/** The compiler's errors for `files` (name to text) in `dir`, as "file:line: message". */
function typeErrors(dir: string, files: Record<string, string>): string[] {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    // The temporary folder has no node_modules: the client library is the project's (its ESM types, as a bundler reads them).
    paths: { 'openapi-fetch': [resolve(ROOT, 'node_modules/openapi-fetch/dist/index.d.mts')] },
  };
  const roots = Object.keys(files)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => join(dir, name));
  const program = ts.createProgram(roots, options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where =
      d.file && d.start !== undefined ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

describe('docs/openapi/core-engine.json through openapi-typescript and openapi-fetch', () => {
  let dir: string;
  let schema: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'core-client-'));
    const out = join(dir, 'core-engine.d.ts');
    execFileSync(process.execPath, [GENERATOR, DOCUMENT, '--output', out], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    schema = readFileSync(out, 'utf8');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("types the lists' limit as an integer from 1 to 100, in the document and in the generated types", () => {
    const document = JSON.parse(readFileSync(DOCUMENT, 'utf8')) as {
      paths: Record<string, { get: { parameters: { name: string; schema: object }[] } }>;
    };
    for (const path of ['/api/v1/transactions', '/api/v1/events']) {
      const limit = document.paths[path].get.parameters.find((p) => p.name === 'limit');
      expect({ path, schema: limit?.schema }).toEqual({ path, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20, example: 20 } });
    }
    const transactions = /TransactionsController_list:\s*\{\s*parameters:\s*\{\s*query\?:\s*\{([\s\S]*?)\};/.exec(schema)?.[1] ?? '';
    expect(transactions).toMatch(/limit\?: number;/);
  });

  it('a bank client walking deposit, quote, buy, sell, withdraw, balances, transactions and events type-checks; misuse does not', () => {
    // One compilation for both files (a few seconds): their errors are told apart by file.
    const errors = typeErrors(dir, { 'core-engine.d.ts': schema, 'walk.ts': WALK, 'misuse.ts': MISUSE });
    expect(errors.filter((e) => !e.startsWith('misuse.ts:'))).toEqual([]);
    // A string limit, a number amount, a buy without its idempotency key: each line refused.
    expect([...new Set(errors.map((e) => e.slice(0, e.indexOf(':', 'misuse.ts:'.length))))]).toEqual(['misuse.ts:6', 'misuse.ts:7', 'misuse.ts:8']);
  });
});
