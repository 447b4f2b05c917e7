-- CreateEnum
CREATE TYPE "TradeResolutionAction" AS ENUM ('POSTED', 'VOIDED');

-- AlterTable
ALTER TABLE "Transaction" ADD COLUMN     "reconcileAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "reconcileLeaseUntil" TIMESTAMPTZ(3),
ADD COLUMN     "reviewReason" TEXT,
ADD COLUMN     "reviewSince" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "TradeResolution" (
    "id" UUID NOT NULL,
    "transactionId" UUID NOT NULL,
    "action" "TradeResolutionAction" NOT NULL,
    "operator" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "reviewReason" TEXT NOT NULL,
    "exchangeOrderId" TEXT,
    "executedPrice" DECIMAL(20,8),
    "executedQty" DECIMAL(20,8),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TradeResolution_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TradeResolution_transactionId_key" ON "TradeResolution"("transactionId");

-- AddForeignKey
ALTER TABLE "TradeResolution" ADD CONSTRAINT "TradeResolution_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "Transaction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written safety net: an operator's resolution is a record of what was done, never edited.
CREATE TRIGGER "TradeResolution_no_update_delete"
  BEFORE UPDATE OR DELETE ON "TradeResolution"
  FOR EACH ROW EXECUTE FUNCTION "ledger_reject_change"();
