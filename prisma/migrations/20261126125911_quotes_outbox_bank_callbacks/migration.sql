-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'DELIVERED', 'DEAD');

-- AlterTable
ALTER TABLE "Bank" ADD COLUMN     "callbackUrl" TEXT,
ADD COLUMN     "webhookSecret" TEXT,
ADD COLUMN     "webhookUrl" TEXT;

-- CreateTable
CREATE TABLE "Quote" (
    "id" UUID NOT NULL,
    "bankId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "side" "TransactionType" NOT NULL,
    "amount" DECIMAL(20,8) NOT NULL,
    "currency" "Currency" NOT NULL,
    "cryptoAmount" DECIMAL(20,8) NOT NULL,
    "fiatAmount" DECIMAL(20,8) NOT NULL,
    "exchangeRate" DECIMAL(20,8) NOT NULL,
    "marketPrice" DECIMAL(20,8) NOT NULL,
    "spreadBps" INTEGER NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "transactionId" UUID,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Quote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" UUID NOT NULL,
    "bankId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "transactionId" UUID,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMPTZ(3),

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Quote_transactionId_key" ON "Quote"("transactionId");

-- CreateIndex
CREATE INDEX "Quote_bankId_userId_idx" ON "Quote"("bankId", "userId");

-- CreateIndex
CREATE INDEX "OutboxEvent_status_nextAttemptAt_idx" ON "OutboxEvent"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxEvent_transactionId_idx" ON "OutboxEvent"("transactionId");

-- AddForeignKey
ALTER TABLE "Quote" ADD CONSTRAINT "Quote_bankId_fkey" FOREIGN KEY ("bankId") REFERENCES "Bank"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Quote" ADD CONSTRAINT "Quote_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxEvent" ADD CONSTRAINT "OutboxEvent_bankId_fkey" FOREIGN KEY ("bankId") REFERENCES "Bank"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------
-- Hand-written: invariants the database holds itself.
-- ---------------------------------------------------------------------------
ALTER TABLE "Quote"
  ADD CONSTRAINT "Quote_amounts_positive" CHECK ("amount" > 0 AND "cryptoAmount" > 0 AND "fiatAmount" > 0 AND "exchangeRate" > 0),
  ADD CONSTRAINT "Quote_side_is_trade" CHECK ("side" IN ('BUY', 'SELL')),
  ADD CONSTRAINT "Quote_used_together" CHECK (("transactionId" IS NULL) = ("usedAt" IS NULL));

ALTER TABLE "OutboxEvent" ADD CONSTRAINT "OutboxEvent_attempts_nonnegative" CHECK ("attempts" >= 0);
