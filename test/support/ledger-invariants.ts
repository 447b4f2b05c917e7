import { InvariantViolation } from '../../apps/core-engine/src/ledger/ledger-invariants';
import { failedChecks, formatReport, verifyLedger } from '../../scripts/ledger/verify-ledger';

export interface LedgerCheckOptions {
  /**
   * A transaction PENDING for longer than this fails the check. The run's database lives for
   * one jest run, and tests leave trades PENDING on purpose, so the default is generous.
   */
  maxPendingAgeMs?: number;
}

const TEST_MAX_PENDING_AGE_MS = 24 * 3_600_000;

/** Checks the whole test database's books in one snapshot, as `npm run ledger:verify` does; returns what breaks. */
export async function ledgerViolations(url = process.env.DATABASE_URL as string, options: LedgerCheckOptions = {}): Promise<InvariantViolation[]> {
  return failedChecks(await verifyLedger(url, { maxPendingAgeMs: options.maxPendingAgeMs ?? TEST_MAX_PENDING_AGE_MS }));
}

/** For afterEach/afterAll: fails the suite with the ledger:verify report when the books do not hold. */
export async function expectLedgerInvariants(options: LedgerCheckOptions = {}): Promise<void> {
  const result = await verifyLedger(process.env.DATABASE_URL as string, {
    maxPendingAgeMs: options.maxPendingAgeMs ?? TEST_MAX_PENDING_AGE_MS,
  });
  if (failedChecks(result).length) throw new Error(`ledger invariants broken:\n${formatReport(result)}`);
}
