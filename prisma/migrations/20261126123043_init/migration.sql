CREATE TYPE "Currency" AS ENUM ('AZN', 'USDT');
CREATE TYPE "AccountKind" AS ENUM ('USER', 'OMNIBUS', 'BANK_SETTLEMENT');
CREATE TYPE "TransactionType" AS ENUM ('BUY', 'SELL', 'DEPOSIT', 'WITHDRAWAL');
CREATE TYPE "TransactionStatus" AS ENUM ('PENDING', 'COMPLETED', 'FAILED');
CREATE TYPE "HoldStatus" AS ENUM ('PENDING', 'POSTED', 'VOIDED');
CREATE TABLE "Bank" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "spreadBps" INTEGER NOT NULL DEFAULT 150,
    "slippageToleranceBps" INTEGER NOT NULL DEFAULT 50,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Bank_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "bankId" UUID NOT NULL,
    "keyHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT 'default',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "bankId" UUID NOT NULL,
    "bankCustomerId" TEXT NOT NULL,
    "kycLevel" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Account" (
    "id" UUID NOT NULL,
    "userId" UUID,
    "bankId" UUID,
    "kind" "AccountKind" NOT NULL DEFAULT 'USER',
    "subAccount" INTEGER NOT NULL DEFAULT 0,
    "systemKey" TEXT,
    "currency" "Currency" NOT NULL,
    "balance" DECIMAL(20,8) NOT NULL DEFAULT 0,
    "lockedBalance" DECIMAL(20,8) NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Transaction" (
    "id" UUID NOT NULL,
    "bankId" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "type" "TransactionType" NOT NULL,
    "status" "TransactionStatus" NOT NULL DEFAULT 'PENDING',
    "currencyIn" "Currency" NOT NULL,
    "currencyOut" "Currency" NOT NULL,
    "amountIn" DECIMAL(20,8) NOT NULL,
    "amountOut" DECIMAL(20,8) NOT NULL,
    "feeAmount" DECIMAL(20,8) NOT NULL DEFAULT 0,
    "exchangeRate" DECIMAL(20,8),
    "marketPrice" DECIMAL(20,8),
    "executedPrice" DECIMAL(20,8),
    "spreadBps" INTEGER,
    "exchangeOrderId" TEXT,
    "quoteId" TEXT,
    "errorCode" TEXT,
    "responseStatus" INTEGER,
    "responseBody" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMPTZ(3),
    CONSTRAINT "Transaction_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Hold" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "transactionId" UUID NOT NULL,
    "amount" DECIMAL(20,8) NOT NULL,
    "status" "HoldStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),
    CONSTRAINT "Hold_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Ledger" (
    "id" BIGSERIAL NOT NULL,
    "transactionId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "currency" "Currency" NOT NULL,
    "amount" DECIMAL(20,8) NOT NULL,
    "balanceAfter" DECIMAL(20,8) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Ledger_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Bank_code_key" ON "Bank"("code");
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");
CREATE INDEX "ApiKey_bankId_idx" ON "ApiKey"("bankId");
CREATE UNIQUE INDEX "User_bankId_bankCustomerId_key" ON "User"("bankId", "bankCustomerId");
CREATE UNIQUE INDEX "Account_systemKey_key" ON "Account"("systemKey");
CREATE UNIQUE INDEX "Account_userId_currency_key" ON "Account"("userId", "currency");
CREATE INDEX "Transaction_status_createdAt_idx" ON "Transaction"("status", "createdAt");
CREATE INDEX "Transaction_userId_createdAt_idx" ON "Transaction"("userId", "createdAt");
CREATE UNIQUE INDEX "Transaction_bankId_idempotencyKey_key" ON "Transaction"("bankId", "idempotencyKey");
CREATE INDEX "Hold_accountId_status_idx" ON "Hold"("accountId", "status");
CREATE UNIQUE INDEX "Hold_transactionId_accountId_key" ON "Hold"("transactionId", "accountId");
CREATE INDEX "Ledger_transactionId_idx" ON "Ledger"("transactionId");
CREATE INDEX "Ledger_accountId_id_idx" ON "Ledger"("accountId", "id");
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_bankId_fkey" FOREIGN KEY ("bankId") REFERENCES "Bank"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "User" ADD CONSTRAINT "User_bankId_fkey" FOREIGN KEY ("bankId") REFERENCES "Bank"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Account" ADD CONSTRAINT "Account_bankId_fkey" FOREIGN KEY ("bankId") REFERENCES "Bank"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Transaction" ADD CONSTRAINT "Transaction_bankId_fkey" FOREIGN KEY ("bankId") REFERENCES "Bank"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Transaction" ADD CONSTRAINT "Transaction_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Hold" ADD CONSTRAINT "Hold_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Hold" ADD CONSTRAINT "Hold_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "Transaction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Ledger" ADD CONSTRAINT "Ledger_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "Transaction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Ledger" ADD CONSTRAINT "Ledger_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------
-- Hand-written: invariants the database holds itself (Prisma's schema cannot say them).
-- ---------------------------------------------------------------------------

-- Ledger rows are immutable: a correction is a new transaction, never an edit.
CREATE FUNCTION "ledger_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Ledger rows are immutable: % is not allowed', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER "Ledger_no_update_delete"
  BEFORE UPDATE OR DELETE ON "Ledger"
  FOR EACH ROW EXECUTE FUNCTION "ledger_reject_change"();

CREATE TRIGGER "Ledger_no_truncate"
  BEFORE TRUNCATE ON "Ledger"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_reject_change"();

-- Accounts: holds and versions never go below zero; a customer's wallet never goes
-- below zero and never reserves more than it holds. System accounts (omnibus, bank
-- settlement) are the other side of every customer movement and may be negative.
ALTER TABLE "Account"
  ADD CONSTRAINT "Account_lockedBalance_nonnegative" CHECK ("lockedBalance" >= 0),
  ADD CONSTRAINT "Account_version_nonnegative" CHECK ("version" >= 0),
  ADD CONSTRAINT "Account_user_balance_nonnegative" CHECK ("kind" <> 'USER' OR "balance" >= 0),
  ADD CONSTRAINT "Account_user_covers_holds" CHECK ("kind" <> 'USER' OR "balance" >= "lockedBalance"),
  ADD CONSTRAINT "Account_owner_matches_kind" CHECK (
    ("kind" = 'USER' AND "userId" IS NOT NULL AND "systemKey" IS NULL)
    OR ("kind" <> 'USER' AND "userId" IS NULL AND "systemKey" IS NOT NULL)
  ),
  ADD CONSTRAINT "Account_subAccount_nonnegative" CHECK ("subAccount" >= 0);

ALTER TABLE "Transaction"
  ADD CONSTRAINT "Transaction_amounts_nonnegative" CHECK ("amountIn" >= 0 AND "amountOut" >= 0),
  ADD CONSTRAINT "Transaction_currencies_differ_on_trades" CHECK ("type" NOT IN ('BUY', 'SELL') OR "currencyIn" <> "currencyOut");

ALTER TABLE "Hold" ADD CONSTRAINT "Hold_amount_positive" CHECK ("amount" > 0);

ALTER TABLE "Ledger" ADD CONSTRAINT "Ledger_amount_nonzero" CHECK ("amount" <> 0);

ALTER TABLE "Bank"
  ADD CONSTRAINT "Bank_spread_range" CHECK ("spreadBps" >= 0 AND "spreadBps" < 10000),
  ADD CONSTRAINT "Bank_slippage_range" CHECK ("slippageToleranceBps" >= 0 AND "slippageToleranceBps" < 10000);
