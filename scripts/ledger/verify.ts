/**
 * `npm run ledger:verify [-- --max-pending-age 15m] [--exchange-url http://...]`: checks the
 * books of the whole database in DATABASE_URL, in one read-only snapshot, and prints a
 * report. Exit 0: every check holds; 1: some check failed; 2: usage, connection or
 * exchange error (nothing could be concluded).
 */
import { DEFAULT_MAX_PENDING_AGE_MS, formatAge, parseAge } from '../../apps/core-engine/src/ledger/ledger-invariants';
import { ExchangeUnavailableError } from './exchange-fills';
import { DatabaseUnavailableError, failedChecks, formatReport, verifyLedger, VerifyOptions } from './verify-ledger';
import { PrismaService } from '../../libs/database/src';
import { verifyLedgerChain } from '../../apps/core-engine/src/proofs/checkpoint/verify-ledger-chain';

const USAGE = `usage: npm run ledger:verify [-- --max-pending-age <age>] [--exchange-url <url>]
  --max-pending-age <age>  a transaction PENDING longer than this fails the check
                           (e.g. 90s, 15m, 2h, 1d; default ${formatAge(DEFAULT_MAX_PENDING_AGE_MS)})
  --proof                  also recompute the signed checkpoints' hash chain over the ledger rows
                           (docs/proofs.md) and name the first row that differs; the public keys
                           must be among LEDGER_CHECKPOINT_TRUSTED_KEYS (base64 SPKI, commas) when set
  --exchange-url <url>     also ask this exchange, GET /order/<transactionId>, whether each
                           completed trade's order is FILLED for its USDT amount, and
                           no failed trade's order is FILLED
Checks the database in DATABASE_URL. Exit 0: the books hold; 1: a check failed; 2: error.
`;

class UsageError extends Error {}

let proof = false;

async function chainFailed(url: string): Promise<boolean> {
  const prisma = new PrismaService(url, 2);
  try {
    const trusted =
      process.env.LEDGER_CHECKPOINT_TRUSTED_KEYS?.split(',')
        .map((k) => k.trim())
        .filter(Boolean) ?? null;
    const report = await verifyLedgerChain(prisma, trusted && trusted.length ? trusted : null);
    process.stdout.write(
      `\nledger checkpoints: ${report.checkpoints} checkpoint(s), ${report.rows} row(s) rehashed${trusted ? '' : ' (no LEDGER_CHECKPOINT_TRUSTED_KEYS: signatures checked against the stored keys only)'}\n` +
        (report.problems.length ? report.problems.map((p) => `  FAIL ${p}\n`).join('') : '  ok   every row hashes to its signed checkpoint\n'),
    );
    return report.problems.length > 0;
  } finally {
    await prisma.$disconnect();
  }
}

function parseArgs(argv: string[]): VerifyOptions | 'help' {
  const options: VerifyOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--proof') {
      proof = true;
      continue;
    }
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--max-pending-age') {
      const text = value();
      const ms = parseAge(text);
      if (ms === null) throw new UsageError(`--max-pending-age: "${text}" is not an age such as 90s, 15m, 2h or 1d`);
      options.maxPendingAgeMs = ms;
    } else if (flag === '--exchange-url') {
      const text = value();
      if (!/^https?:\/\/[^/]/.test(text) || !URL.canParse(text)) throw new UsageError(`--exchange-url: "${text}" is not an http(s) URL`);
      options.exchangeUrl = text;
    } else {
      throw new UsageError(`unknown argument ${argv[i]}`);
    }
  }
  return options;
}

async function main(): Promise<number> {
  let options: VerifyOptions | 'help';
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`ledger:verify: ${err.message}\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('ledger:verify: DATABASE_URL is not set (see .env.example)\n');
    return 2;
  }
  try {
    const result = await verifyLedger(url, options);
    process.stdout.write(formatReport(result));
    const chainBroken = proof ? await chainFailed(url) : false;
    return failedChecks(result).length || chainBroken ? 1 : 0;
  } catch (err) {
    if (!(err instanceof DatabaseUnavailableError || err instanceof ExchangeUnavailableError)) throw err;
    process.stderr.write(`ledger:verify: ${err.message}\n`);
    return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`ledger:verify failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
