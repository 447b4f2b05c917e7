-- ---------------------------------------------------------------------------
-- Hand-written: one append-only trigger function for every table whose rows are never changed
-- (Ledger, TradeResolution, AdminAudit). A safety net, not business logic: the use cases only
-- insert into these tables. The message names the table, so Ledger's reads as before.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION "ledger_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are immutable: % is not allowed (append-only)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;

DROP TRIGGER "AdminAudit_no_update_delete" ON "AdminAudit";
DROP TRIGGER "AdminAudit_no_truncate" ON "AdminAudit";
DROP FUNCTION "admin_audit_reject_change"();

CREATE TRIGGER "AdminAudit_no_update_delete"
  BEFORE UPDATE OR DELETE ON "AdminAudit"
  FOR EACH ROW EXECUTE FUNCTION "ledger_reject_change"();

CREATE TRIGGER "AdminAudit_no_truncate"
  BEFORE TRUNCATE ON "AdminAudit"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_reject_change"();

-- TradeResolution had its row trigger only: a TRUNCATE is refused too, as on the others.
CREATE TRIGGER "TradeResolution_no_truncate"
  BEFORE TRUNCATE ON "TradeResolution"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_reject_change"();
