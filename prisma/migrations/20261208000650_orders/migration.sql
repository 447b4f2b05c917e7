-- CreateEnum
CREATE TYPE "OrderType" AS ENUM ('LIMIT', 'STOP');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('OPEN', 'TRIGGERED', 'FILLED', 'CANCELLED', 'EXPIRED', 'FAILED');

-- CreateEnum
CREATE TYPE "TimeInForce" AS ENUM ('GTC', 'GTD');

-- AlterTable
ALTER TABLE "Hold" ADD COLUMN     "orderId" UUID,
ALTER COLUMN "transactionId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "Order" (
    "id" UUID NOT NULL,
    "bankId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "side" "TransactionType" NOT NULL,
    "type" "OrderType" NOT NULL,
    "amount" DECIMAL(20,8) NOT NULL,
    "currency" "Currency" NOT NULL,
    "limitedAzn" DECIMAL(20,8) NOT NULL,
    "limitPrice" DECIMAL(20,8),
    "stopPrice" DECIMAL(20,8),
    "timeInForce" "TimeInForce" NOT NULL,
    "expiresAt" TIMESTAMPTZ(3),
    "status" "OrderStatus" NOT NULL DEFAULT 'OPEN',
    "transactionId" UUID,
    "errorCode" TEXT,
    "responseStatus" INTEGER,
    "responseBody" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "triggeredAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Order_transactionId_key" ON "Order"("transactionId");

-- CreateIndex
CREATE INDEX "Order_bankId_createdAt_idx" ON "Order"("bankId", "createdAt");

-- CreateIndex
CREATE INDEX "Order_userId_createdAt_idx" ON "Order"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Order_status_updatedAt_idx" ON "Order"("status", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Order_bankId_idempotencyKey_key" ON "Order"("bankId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "Hold_orderId_idx" ON "Hold"("orderId");

-- AddForeignKey
ALTER TABLE "Hold" ADD CONSTRAINT "Hold_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_bankId_fkey" FOREIGN KEY ("bankId") REFERENCES "Bank"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "Transaction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written: invariants the database holds itself (a safety net; the rules are in
-- TypeScript, orders/ and wallet/wallet.service.ts).
-- A hold belongs to an order (while it waits), to a transaction, or to both (an order's
-- trade took it over): never to neither.
ALTER TABLE "Hold" ADD CONSTRAINT "Hold_has_owner" CHECK ("orderId" IS NOT NULL OR "transactionId" IS NOT NULL);
ALTER TABLE "Order"
  ADD CONSTRAINT "Order_amount_positive" CHECK ("amount" > 0),
  ADD CONSTRAINT "Order_prices_positive" CHECK (("limitPrice" IS NULL OR "limitPrice" > 0) AND ("stopPrice" IS NULL OR "stopPrice" > 0)),
  ADD CONSTRAINT "Order_price_matches_type" CHECK (
    ("type" = 'LIMIT' AND "limitPrice" IS NOT NULL AND "stopPrice" IS NULL) OR
    ("type" = 'STOP' AND "stopPrice" IS NOT NULL AND "limitPrice" IS NULL)),
  ADD CONSTRAINT "Order_side_is_trade" CHECK ("side" IN ('BUY', 'SELL')),
  ADD CONSTRAINT "Order_expiry_matches_tif" CHECK (("timeInForce" = 'GTD') = ("expiresAt" IS NOT NULL)),
  ADD CONSTRAINT "Order_executing_has_trade" CHECK ("status" NOT IN ('TRIGGERED', 'FILLED') OR "transactionId" IS NOT NULL);
