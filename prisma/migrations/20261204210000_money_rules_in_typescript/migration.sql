-- ---------------------------------------------------------------------------
-- Hand-written: the money rules move back to TypeScript (issue 12). A trade's phases, deposits
-- and withdrawals run as Prisma interactive transactions through WalletService and
-- LedgerService (apps/core-engine/src/wallet, src/ledger; docs/buy-flow.md), with optimistic
-- locking on Account.version. The PL/pgSQL functions that held a second copy of those rules
-- go. What stays in the database is a safety net that refuses what must never happen, not
-- business logic: the CHECK constraints on Account (a customer balance >= 0 and covering its
-- holds, lockedBalance >= 0) and the Ledger immutability trigger (ledger_reject_change).
-- ---------------------------------------------------------------------------
DROP FUNCTION IF EXISTS "settle_trade"(uuid, uuid[], numeric[], numeric, numeric, text, int, text, timestamptz, uuid, uuid, text, text);
DROP FUNCTION IF EXISTS "open_trade"(uuid, uuid, text, text, uuid, "TransactionType", "Currency", "Currency", numeric, numeric, numeric, numeric, int, uuid, uuid, timestamptz);
DROP FUNCTION IF EXISTS "post_ledger"(uuid, uuid[], numeric[], numeric[]);
DROP FUNCTION IF EXISTS "place_hold"(uuid, uuid, numeric);
