-- AlterTable
ALTER TABLE "Transaction" ALTER COLUMN "responseBody" SET DATA TYPE TEXT;

