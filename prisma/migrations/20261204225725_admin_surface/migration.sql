-- CreateEnum
CREATE TYPE "OperatorRole" AS ENUM ('VIEWER', 'OPERATOR');

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "lastUsedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Bank" ADD COLUMN     "suspendedAt" TIMESTAMPTZ(3),
ADD COLUMN     "webhookSecretPrevious" TEXT,
ADD COLUMN     "webhookSecretPreviousUntil" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "OperatorKey" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" "OperatorRole" NOT NULL,
    "keyHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OperatorKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdminAudit" (
    "id" BIGSERIAL NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdminAudit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OperatorKey_keyHash_key" ON "OperatorKey"("keyHash");

-- CreateIndex
CREATE INDEX "OperatorKey_prefix_idx" ON "OperatorKey"("prefix");

-- CreateIndex
CREATE INDEX "AdminAudit_targetType_targetId_idx" ON "AdminAudit"("targetType", "targetId");


-- ---------------------------------------------------------------------------
-- Hand-written: the audit trail is append-only (a safety net: the admin use cases only insert).
-- ---------------------------------------------------------------------------
CREATE FUNCTION "admin_audit_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AdminAudit rows are append-only: % is not allowed', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER "AdminAudit_no_update_delete"
  BEFORE UPDATE OR DELETE ON "AdminAudit"
  FOR EACH ROW EXECUTE FUNCTION "admin_audit_reject_change"();

CREATE TRIGGER "AdminAudit_no_truncate"
  BEFORE TRUNCATE ON "AdminAudit"
  FOR EACH STATEMENT EXECUTE FUNCTION "admin_audit_reject_change"();
