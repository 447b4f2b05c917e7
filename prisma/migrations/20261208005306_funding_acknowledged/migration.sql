-- AlterTable
ALTER TABLE "Transaction" ADD COLUMN     "bankAcknowledgedAt" TIMESTAMPTZ(3);

