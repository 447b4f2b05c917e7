-- CreateTable
CREATE TABLE "LiabilitySnapshot" (
    "id" UUID NOT NULL,
    "bankId" UUID NOT NULL,
    "takenAt" TIMESTAMPTZ(3) NOT NULL,
    "takenBy" TEXT NOT NULL,
    "leafCount" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "rootHash" TEXT NOT NULL,
    "totalAzn" DECIMAL(20,8) NOT NULL,
    "totalUsdt" DECIMAL(20,8) NOT NULL,
    "reservesAzn" DECIMAL(20,8),
    "reservesUsdt" DECIMAL(20,8),
    "checkpointId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LiabilitySnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LiabilityTreeChunk" (
    "snapshotId" UUID NOT NULL,
    "level" INTEGER NOT NULL,
    "chunk" INTEGER NOT NULL,
    "nodes" BYTEA NOT NULL,

    CONSTRAINT "LiabilityTreeChunk_pkey" PRIMARY KEY ("snapshotId","level","chunk")
);

-- CreateTable
CREATE TABLE "LiabilityLeaf" (
    "snapshotId" UUID NOT NULL,
    "bankCustomerId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "LiabilityLeaf_pkey" PRIMARY KEY ("snapshotId","bankCustomerId")
);

-- CreateTable
CREATE TABLE "LedgerCheckpoint" (
    "id" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "fromId" BIGINT NOT NULL,
    "toId" BIGINT NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "previousHash" TEXT NOT NULL,
    "chainHash" TEXT NOT NULL,
    "rowHashes" BYTEA NOT NULL,
    "keyId" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LiabilitySnapshot_bankId_takenAt_idx" ON "LiabilitySnapshot"("bankId", "takenAt");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerCheckpoint_sequence_key" ON "LedgerCheckpoint"("sequence");

-- AddForeignKey
ALTER TABLE "LiabilitySnapshot" ADD CONSTRAINT "LiabilitySnapshot_bankId_fkey" FOREIGN KEY ("bankId") REFERENCES "Bank"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiabilityTreeChunk" ADD CONSTRAINT "LiabilityTreeChunk_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "LiabilitySnapshot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiabilityLeaf" ADD CONSTRAINT "LiabilityLeaf_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "LiabilitySnapshot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------
-- Hand-written: snapshots, their trees and the ledger checkpoints are written once and never
-- changed (docs/proofs.md): the append-only trigger refuses UPDATE, DELETE and TRUNCATE.
-- ---------------------------------------------------------------------------
CREATE TRIGGER "LiabilitySnapshot_no_update_delete" BEFORE UPDATE OR DELETE ON "LiabilitySnapshot" FOR EACH ROW EXECUTE FUNCTION "ledger_reject_change"();
CREATE TRIGGER "LiabilitySnapshot_no_truncate" BEFORE TRUNCATE ON "LiabilitySnapshot" FOR EACH STATEMENT EXECUTE FUNCTION "ledger_reject_change"();
CREATE TRIGGER "LiabilityTreeChunk_no_update_delete" BEFORE UPDATE OR DELETE ON "LiabilityTreeChunk" FOR EACH ROW EXECUTE FUNCTION "ledger_reject_change"();
CREATE TRIGGER "LiabilityTreeChunk_no_truncate" BEFORE TRUNCATE ON "LiabilityTreeChunk" FOR EACH STATEMENT EXECUTE FUNCTION "ledger_reject_change"();
CREATE TRIGGER "LiabilityLeaf_no_update_delete" BEFORE UPDATE OR DELETE ON "LiabilityLeaf" FOR EACH ROW EXECUTE FUNCTION "ledger_reject_change"();
CREATE TRIGGER "LiabilityLeaf_no_truncate" BEFORE TRUNCATE ON "LiabilityLeaf" FOR EACH STATEMENT EXECUTE FUNCTION "ledger_reject_change"();
CREATE TRIGGER "LedgerCheckpoint_no_update_delete" BEFORE UPDATE OR DELETE ON "LedgerCheckpoint" FOR EACH ROW EXECUTE FUNCTION "ledger_reject_change"();
CREATE TRIGGER "LedgerCheckpoint_no_truncate" BEFORE TRUNCATE ON "LedgerCheckpoint" FOR EACH STATEMENT EXECUTE FUNCTION "ledger_reject_change"();
