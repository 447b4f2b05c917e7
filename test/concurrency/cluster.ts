import { PrismaPg } from '@prisma/adapter-pg';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { PrismaClient } from '../../generated/prisma/client';
import { generateApiKey } from '../../apps/core-engine/src/auth/api-key-hash';
import { dropDatabase, ensureDatabase } from '../../scripts/db/ensure-database';
import { ensureBank, ensureOmnibus } from '../../scripts/db/seed-data';
import { AcknowledgingBank } from '../support/acknowledging-bank';
import { CORE_MAIN, CoreProcess } from '../support/core-process';
import { migrate, serverUrl, withDatabase } from '../support/test-database';
import { WorkloadBank } from './workload';

export interface ClusterOptions {
  exchangeUrl: string;
  banks: number;
  cores: number;
  /** Defaults to concurrency_<time>_<pid> on the tests' server (serverUrl(): in a jest run, the one test/global-setup.ts chose). */
  databaseUrl?: string;
  /** Omnibus sub-accounts per currency (default 1, as `npm run db:seed`). */
  omnibusSubAccounts?: number;
  /** Added to (and overriding) every Core Engine's settings. */
  coreEnv?: Record<string, string>;
}

export interface Cluster {
  databaseUrl: string;
  banks: WorkloadBank[];
  cores: CoreProcess[];
  ackBank: AcknowledgingBank;
  coreEnv: Record<string, string>;
  /** Stops the processes and the bank, then drops the database unless told to keep it. */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

/**
 * Several Core Engine processes (the built app) sharing one fresh database: created, then
 * migrated by `scripts/db/migrate.ts` in a child process as test/global-setup.ts does, seeded
 * with the omnibus and `banks` banks whose acknowledgements one AcknowledgingBank gives.
 * Its own database keeps the reconcilers of these processes away from other suites' PENDING
 * transactions (and theirs away from ours).
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  if (!existsSync(CORE_MAIN)) throw new Error(`${CORE_MAIN} is missing: build it first (npx nest build core-engine)`);
  const databaseUrl = options.databaseUrl ?? withDatabase(serverUrl(), `concurrency_${Date.now()}_${process.pid}`);
  await ensureDatabase(databaseUrl);
  const cores: CoreProcess[] = [];
  let ackBank: AcknowledgingBank | undefined;
  try {
    await migrate(databaseUrl);
    ackBank = await AcknowledgingBank.start(`secret-${randomUUID()}`);
    const banks = await seed(databaseUrl, options.banks, options.omnibusSubAccounts ?? 1, ackBank);
    // Reconciliation every 500 ms in every process, of what is older than 9.1 s: the processes
    // reconcile at the same time as each other and as the load. The exchange timeout stays
    // well below that age, as .env.example asks, so a trade still in flight is not reconciled.
    const coreEnv: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      EXCHANGE_URL: options.exchangeUrl,
      EXCHANGE_TIMEOUT_MS: '1000',
      RATE_LIMIT_PER_SECOND: '0',
      RATE_LIMIT_PER_ADDRESS_PER_SECOND: '0',
      RECONCILE_INTERVAL_MS: '500',
      // Room for phase 1 on a loaded machine: a late order is refused (503), which the workload counts as a 5xx.
      EXCHANGE_RECV_WINDOW_MS: '8000',
      RECONCILE_MIN_AGE_MS: '9100',
      LOG_LEVEL: 'log',
      ...options.coreEnv,
    };
    cores.push(...(await Promise.all(Array.from({ length: options.cores }, () => CoreProcess.start(coreEnv)))));
    const bankSide = ackBank;
    return {
      databaseUrl,
      banks,
      cores,
      ackBank: bankSide,
      coreEnv,
      async close({ keepDatabase = false } = {}) {
        await Promise.all(cores.map((c) => c.kill('SIGTERM')));
        await bankSide.close();
        if (!keepDatabase) await dropDatabase(databaseUrl);
      },
    };
  } catch (err) {
    await Promise.all(cores.map((c) => c.kill('SIGKILL')));
    await ackBank?.close();
    await dropDatabase(databaseUrl).catch(() => undefined);
    throw err;
  }
}

async function seed(databaseUrl: string, count: number, omnibusSubAccounts: number, ackBank: AcknowledgingBank): Promise<WorkloadBank[]> {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    await ensureOmnibus(prisma, omnibusSubAccounts);
    const banks: WorkloadBank[] = [];
    for (let i = 0; i < count; i++) {
      const apiKey = generateApiKey();
      const code = `concurrency-${i}-${randomUUID().slice(0, 8)}`;
      const id = await ensureBank(prisma, { code, name: `Concurrency Bank ${i}`, apiKey, callbackUrl: ackBank.url, webhookSecret: ackBank.secret });
      banks.push({ id, code, apiKey });
    }
    return banks;
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * What a Core Engine process logged at warn or error level (each entry on one line: when, the
 * level, where, and the first and last line of its message, where Prisma puts the reason), and
 * how often its reconciler found work and settled something. The core logs JSON lines.
 */
export function coreLogSummary(core: CoreProcess): { problems: string[]; reconciled: number; passes: number } {
  const entries = core.log.split('\n').flatMap((line) => {
    try {
      return line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : [];
    } catch {
      return []; // the line being written when the output was read
    }
  });
  const problems = entries
    // The app's own warnings and errors; not the closing line of each 4xx or 5xx request.
    .filter((e) => (e.level === 'warn' || e.level === 'error' || e.level === 'fatal') && e.res === undefined)
    .map((e) => {
      const lines = (typeof e.msg === 'string' ? e.msg : JSON.stringify(e))
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('at '));
      const text = lines.length > 1 ? `${lines[0]} … ${lines[lines.length - 1]}` : lines[0];
      return `${String(e.time)} ${String(e.level).toUpperCase()} [${typeof e.context === 'string' ? e.context : ''}] ${text}`;
    });
  return {
    problems,
    reconciled: entries.filter((e) => e.event === 'reconciled').length,
    passes: entries.filter((e) => e.event === 'reconciliation').length,
  };
}

/** For each 500 answer's "reference <uuid>", the log entry of the process that wrote it. */
export function explainInternalErrors(answerTexts: string[], cores: CoreProcess[]): string[] {
  const logs = cores.map(coreLogSummary);
  return answerTexts.flatMap((text) => {
    const reference = /reference ([0-9a-f-]{36})/.exec(text)?.[1];
    if (!reference) return [];
    const i = logs.findIndex((l) => l.problems.some((p) => p.includes(reference)));
    return [i < 0 ? `${reference}: not in any log` : `core #${i}: ${logs[i].problems.find((p) => p.includes(reference))}`];
  });
}
