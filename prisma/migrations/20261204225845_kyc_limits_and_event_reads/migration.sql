-- AlterTable
ALTER TABLE "User" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "OperationLimit" (
    "bankId" UUID NOT NULL,
    "kycLevel" INTEGER NOT NULL,
    "operation" "TransactionType" NOT NULL,
    "perOperation" DECIMAL(20,8),
    "per24Hours" DECIMAL(20,8),

    CONSTRAINT "OperationLimit_pkey" PRIMARY KEY ("bankId","kycLevel","operation")
);

-- CreateIndex
CREATE INDEX "OutboxEvent_bankId_createdAt_idx" ON "OutboxEvent"("bankId", "createdAt");

-- AddForeignKey
ALTER TABLE "OperationLimit" ADD CONSTRAINT "OperationLimit_bankId_fkey" FOREIGN KEY ("bankId") REFERENCES "Bank"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

