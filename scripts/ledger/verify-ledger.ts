import { Client } from 'pg';
import {
  checkLedger,
  CheckResult,
  SETTLED_TRADES_SQL,
  DEFAULT_MAX_PENDING_AGE_MS,
  DEFAULT_ROW_LIMIT,
  formatAge,
  InvariantOptions,
  RecordedTrade,
} from '../../apps/core-engine/src/ledger/ledger-invariants';
import { checkExchangeFills } from './exchange-fills';

export interface VerifyOptions extends InvariantOptions {
  /** Also ask this exchange for every completed trade's order (opt-in: one request per trade). */
  exchangeUrl?: string;
}

export interface VerifyResult {
  /** Where, without credentials: host:port/database. */
  database: string;
  /** The snapshot's time (the database's now()). */
  snapshotAt: string;
  maxPendingAgeMs: number;
  checks: CheckResult[];
}

/** The database could not be reached or read: nothing can be concluded. */
export class DatabaseUnavailableError extends Error {}

/**
 * Runs every check over the whole database in one REPEATABLE READ READ ONLY snapshot (the
 * exchange, when asked, is asked after the snapshot ends, about the trades it saw). The one
 * code path of `npm run ledger:verify` and of the tests' expectLedgerInvariants().
 */
export async function verifyLedger(url: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  let client: Client;
  try {
    client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    client.on('error', () => undefined); // a dropped connection surfaces as the failed query
    await client.connect();
  } catch (err) {
    throw new DatabaseUnavailableError(`cannot connect to ${describeUrl(url)}: ${message(err)}`);
  }
  let snapshotAt = '';
  let trades: RecordedTrade[] = [];
  let checks: CheckResult[];
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      snapshotAt = (await client.query<{ now: string }>(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now`)).rows[0]
        .now;
      checks = await checkLedger(async (sqls) => {
        const out: unknown[][] = [];
        for (const sql of sqls) out.push((await client.query(sql)).rows);
        return out;
      }, options);
      if (options.exchangeUrl) trades = (await client.query<RecordedTrade>(SETTLED_TRADES_SQL)).rows;
    } finally {
      await client.query('COMMIT').catch(() => undefined);
    }
  } catch (err) {
    throw new DatabaseUnavailableError(`cannot read the ledger of ${describeUrl(url)}: ${message(err)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  if (options.exchangeUrl) {
    checks.push(...(await checkExchangeFills(trades, options.exchangeUrl, options.rowLimit ?? DEFAULT_ROW_LIMIT)));
  }
  return {
    database: describeUrl(url),
    snapshotAt,
    maxPendingAgeMs: options.maxPendingAgeMs ?? DEFAULT_MAX_PENDING_AGE_MS,
    checks,
  };
}

export function failedChecks(result: VerifyResult): CheckResult[] {
  return result.checks.filter((c) => c.count > 0);
}

/**
 * The report: one line per check, OK or FAILED with its count, and under each failure its
 * first offending rows as a small table.
 */
export function formatReport(result: VerifyResult): string {
  const failed = failedChecks(result);
  const width = Math.max(...result.checks.map((c) => c.id.length));
  const lines = [`ledger:verify  ${result.database}  snapshot ${result.snapshotAt}  max pending age ${formatAge(result.maxPendingAgeMs)}`, ''];
  for (const c of result.checks) {
    const head = `${c.id.padEnd(width)}  ${c.check}`;
    if (c.count === 0) {
      lines.push(`OK      ${head}`);
      continue;
    }
    const shown = c.rows.length < c.count ? `, first ${c.rows.length} shown` : '';
    lines.push(`FAILED  ${head}: ${c.count} violation${c.count === 1 ? '' : 's'}${shown}`);
    lines.push(...table(c.rows).map((l) => `          ${l}`), '');
  }
  if (lines[lines.length - 1] !== '') lines.push('');
  lines.push(
    failed.length
      ? `${failed.length} of ${result.checks.length} checks FAILED: ${failed.map((c) => c.id).join(', ')}`
      : `all ${result.checks.length} checks OK`,
  );
  return `${lines.join('\n')}\n`;
}

function table(rows: Record<string, unknown>[]): string[] {
  if (!rows.length) return [];
  const columns = Object.keys(rows[0]);
  const cells = rows.map((r) => columns.map((col) => cell(r[col])));
  const widths = columns.map((col, i) => Math.max(col.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
}

function cell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? '-'
      : value instanceof Date
        ? value.toISOString()
        : typeof value === 'object'
          ? JSON.stringify(value)
          : `${value as string | number | boolean}`;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** host:port/database, never the user or password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
