-- CreateIndex
CREATE UNIQUE INDEX "Transaction_exchangeOrderId_key" ON "Transaction"("exchangeOrderId");

