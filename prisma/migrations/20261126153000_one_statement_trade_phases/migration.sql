-- ---------------------------------------------------------------------------
-- Hand-written: the money-moving statements as functions, so that a trade's phase 1
-- (open) and phase 3 (settle) are each ONE statement, one round trip, committed on their
-- own (docs/buy-flow.md, bench/README.md "Recorded changes"). A statement is atomic: it
-- commits whole or not at all, and the hot omnibus rows are locked only while it runs,
-- never while the application thinks between statements.
--
-- Errors the application maps to answers carry their own SQLSTATE (class "CX"):
--   CX001 insufficient funds for a hold   -> 422 INSUFFICIENT_FUNDS
--   CX002 the quote is used               -> 409 QUOTE_ALREADY_USED
--   CX003 the quote has expired           -> 410 QUOTE_EXPIRED
--   CX004 the transaction is not PENDING  -> someone else (reconciliation) settled it
-- Anything else is a bug or an outage and becomes a 500/503 upstream.
-- ---------------------------------------------------------------------------

-- A hold: reserves p_amount of an account's available balance (balance - lockedBalance)
-- for a transaction. One conditional UPDATE, so two holds racing for the same funds
-- cannot both get them.
CREATE FUNCTION "place_hold"(p_account uuid, p_tx uuid, p_amount numeric)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE v_currency "Currency";
BEGIN
  UPDATE "Account"
     SET "lockedBalance" = "lockedBalance" + p_amount, "version" = "version" + 1, "updatedAt" = now()
   WHERE "id" = p_account AND "balance" - "lockedBalance" >= p_amount
  RETURNING "currency" INTO v_currency;
  IF NOT FOUND THEN
    SELECT "currency" INTO v_currency FROM "Account" WHERE "id" = p_account;
    IF NOT FOUND THEN RAISE EXCEPTION 'place_hold: no account %', p_account; END IF;
    RAISE EXCEPTION 'insufficient % funds on account %', v_currency, p_account
      USING ERRCODE = 'CX001', DETAIL = v_currency::text;
  END IF;
  INSERT INTO "Hold" ("id", "accountId", "transactionId", "amount")
  VALUES (gen_random_uuid(), p_account, p_tx, p_amount);
END $$;

-- One balanced transfer: the balances, then the immutable rows. p_accounts[i] moves by
-- p_amounts[i] (credit > 0, debit < 0) and, for a user account whose hold it consumes,
-- releases p_releases[i] of its locked balance. Returns each row's balanceAfter, in the
-- caller's order.
--  * Every account exists, every amount has at most 8 decimals (the columns' scale: a sum
--    checked before rounding could differ from the sum stored), none is zero, and the
--    transfer balances per currency: all checked before any write.
--  * Balances are changed in ONE fixed order for every kind of transaction (user accounts
--    first, then system accounts; by currency, then id), so two transfers never wait on
--    each other in a cycle, and the hot system rows are locked last, for the shortest time.
--    Each change is an atomic "x = x + d" on the locked row: no read-then-write window,
--    so no optimistic version check is needed; "version" still grows with every change.
--  * A user account must stay >= 0 and cover its remaining holds: the CHECK constraints
--    Account_user_balance_nonnegative, Account_user_covers_holds and
--    Account_lockedBalance_nonnegative refuse the UPDATE (SQLSTATE 23514, the row in DETAIL).
--  * Rows are inserted after all balances changed, while every account is still locked,
--    so within an account a later row always has a larger id.
CREATE FUNCTION "post_ledger"(p_tx uuid, p_accounts uuid[], p_amounts numeric[], p_releases numeric[])
RETURNS numeric[] LANGUAGE plpgsql AS $$
DECLARE
  n int := coalesce(array_length(p_accounts, 1), 0);
  v_after numeric[] := array_fill(NULL::numeric, ARRAY[n]);
  v_currency text[] := array_fill(NULL::text, ARRAY[n]);
  v_cur "Currency";
  r record;
  v_balance numeric;
  v_unbalanced text;
BEGIN
  IF n = 0 OR array_length(p_amounts, 1) IS DISTINCT FROM n OR array_length(p_releases, 1) IS DISTINCT FROM n THEN
    RAISE EXCEPTION 'post_ledger: % accounts, % amounts, % releases', n, array_length(p_amounts, 1), array_length(p_releases, 1);
  END IF;
  IF EXISTS (SELECT 1 FROM unnest(p_amounts) a WHERE a IS NULL OR a = 0) THEN
    RAISE EXCEPTION 'post_ledger: a zero or missing amount in transaction %', p_tx;
  END IF;
  IF EXISTS (SELECT 1 FROM unnest(p_amounts || p_releases) a WHERE a <> round(a, 8)) THEN
    RAISE EXCEPTION 'post_ledger: an amount with more than 8 decimals in transaction %', p_tx;
  END IF;
  SELECT string_agg(p.account_id::text, ', ') INTO v_unbalanced
    FROM unnest(p_accounts) AS p(account_id) LEFT JOIN "Account" a ON a."id" = p.account_id
   WHERE a."id" IS NULL;
  IF v_unbalanced IS NOT NULL THEN
    RAISE EXCEPTION 'post_ledger: no account %', v_unbalanced;
  END IF;
  SELECT string_agg(currency || ' rows sum to ' || total, ', ') INTO v_unbalanced FROM (
    SELECT a."currency", sum(p.amount) AS total
      FROM unnest(p_accounts, p_amounts) AS p(account_id, amount)
      JOIN "Account" a ON a."id" = p.account_id
     GROUP BY a."currency" HAVING sum(p.amount) <> 0) s;
  IF v_unbalanced IS NOT NULL THEN
    RAISE EXCEPTION 'post_ledger: unbalanced transfer %: %', p_tx, v_unbalanced;
  END IF;

  FOR r IN
    SELECT p.ord, p.account_id, p.amount, coalesce(p.release, 0) AS release, a."kind"
      FROM unnest(p_accounts, p_amounts, p_releases) WITH ORDINALITY AS p(account_id, amount, release, ord)
      LEFT JOIN "Account" a ON a."id" = p.account_id
     -- An account named twice changes in the caller's order, so each row's balanceAfter is right.
     ORDER BY (a."kind" IS DISTINCT FROM 'USER'), a."currency", p.account_id, p.ord
  LOOP
    IF r."kind" = 'USER' THEN
      UPDATE "Account"
         SET "balance" = "balance" + r.amount, "lockedBalance" = "lockedBalance" - r.release,
             "version" = "version" + 1, "updatedAt" = now()
       WHERE "id" = r.account_id
      RETURNING "balance", "currency" INTO v_balance, v_cur;
    ELSE
      IF r.release <> 0 THEN RAISE EXCEPTION 'post_ledger: a release on system account %', r.account_id; END IF;
      UPDATE "Account"
         SET "balance" = "balance" + r.amount, "version" = "version" + 1, "updatedAt" = now()
       WHERE "id" = r.account_id
      RETURNING "balance", "currency" INTO v_balance, v_cur;
    END IF;
    v_after[r.ord] := v_balance;
    v_currency[r.ord] := v_cur::text;
  END LOOP;

  FOR i IN 1..n LOOP
    INSERT INTO "Ledger" ("transactionId", "accountId", "currency", "amount", "balanceAfter")
    VALUES (p_tx, p_accounts[i], v_currency[i]::"Currency", p_amounts[i], v_after[i]);
  END LOOP;
  RETURN v_after;
END $$;

-- Phase 1 of a trade: the PENDING transaction (which claims the idempotency key through its
-- unique index: a replayed key fails here first, before anything else is checked), the quote
-- if there is one (one trade per quote, only before it expires at p_now: the application's
-- clock, which tests control), and the hold.
CREATE FUNCTION "open_trade"(
  p_id uuid, p_bank uuid, p_key text, p_hash text, p_user uuid, p_type "TransactionType",
  p_currency_in "Currency", p_currency_out "Currency", p_amount_in numeric, p_amount_out numeric,
  p_rate numeric, p_market_price numeric, p_spread_bps int, p_quote uuid, p_hold_account uuid, p_now timestamptz
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE v_used uuid;
BEGIN
  INSERT INTO "Transaction" ("id", "bankId", "idempotencyKey", "requestHash", "userId", "type", "status",
                             "currencyIn", "currencyOut", "amountIn", "amountOut", "exchangeRate", "marketPrice",
                             "spreadBps", "quoteId")
  VALUES (p_id, p_bank, p_key, p_hash, p_user, p_type, 'PENDING', p_currency_in, p_currency_out, p_amount_in,
          p_amount_out, p_rate, p_market_price, p_spread_bps, p_quote::text);
  IF p_quote IS NOT NULL THEN
    -- The quote must be this bank's and user's, for this side and amount (checked before,
    -- by QuoteService.planFor; here again so that the database alone never lets a quote
    -- serve another trade than the one it was given for).
    UPDATE "Quote" SET "transactionId" = p_id, "usedAt" = p_now
     WHERE "id" = p_quote AND "bankId" = p_bank AND "userId" = p_user AND "side" = p_type
       AND "amount" = p_amount_in AND "transactionId" IS NULL AND "expiresAt" > p_now;
    IF NOT FOUND THEN
      SELECT "transactionId" INTO v_used FROM "Quote"
       WHERE "id" = p_quote AND "bankId" = p_bank AND "userId" = p_user AND "side" = p_type AND "amount" = p_amount_in;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'open_trade: quote % is not for this trade', p_quote;
      END IF;
      IF v_used IS NOT NULL THEN
        RAISE EXCEPTION 'quote % is used by %', p_quote, v_used USING ERRCODE = 'CX002';
      END IF;
      RAISE EXCEPTION 'quote % has expired', p_quote USING ERRCODE = 'CX003';
    END IF;
  END IF;
  PERFORM "place_hold"(p_hold_account, p_id, p_amount_in);
END $$;

-- Phase 3 of a trade, after the exchange filled it: the holds posted, the transaction
-- COMPLETED with the answer replays will get, the transfer (post_ledger, releasing exactly
-- the held funds), and the bank's event in the outbox: all or nothing. Holds before the
-- transaction row, the order a failing trade uses too (no deadlock between the two). A
-- transaction with no pending hold or no longer PENDING (reconciliation settled or failed it
-- meanwhile) raises CX004 and nothing is written.
CREATE FUNCTION "settle_trade"(
  p_tx uuid, p_accounts uuid[], p_amounts numeric[], p_fee numeric, p_executed_price numeric,
  p_order_id text, p_response_status int, p_response_body text, p_now timestamptz,
  p_event_id uuid, p_event_bank uuid, p_event_type text, p_event_payload text
) RETURNS numeric[] LANGUAGE plpgsql AS $$
DECLARE
  v_hold_accounts uuid[];
  v_hold_amounts numeric[];
  v_releases numeric[] := array_fill(0::numeric, ARRAY[coalesce(array_length(p_accounts, 1), 0)]);
  v_index int;
  v_after numeric[];
BEGIN
  WITH posted AS (
    UPDATE "Hold" SET "status" = 'POSTED', "resolvedAt" = p_now
     WHERE "transactionId" = p_tx AND "status" = 'PENDING'
    RETURNING "accountId", "amount")
  SELECT array_agg("accountId"), array_agg(total) INTO v_hold_accounts, v_hold_amounts
    FROM (SELECT "accountId", sum("amount") AS total FROM posted GROUP BY "accountId") s;
  IF v_hold_accounts IS NULL THEN
    RAISE EXCEPTION 'transaction % has no pending hold', p_tx USING ERRCODE = 'CX004';
  END IF;
  UPDATE "Transaction"
     SET "status" = 'COMPLETED', "feeAmount" = p_fee, "executedPrice" = p_executed_price,
         "exchangeOrderId" = p_order_id, "responseStatus" = p_response_status,
         "responseBody" = p_response_body, "completedAt" = p_now, "updatedAt" = now()
   WHERE "id" = p_tx AND "status" = 'PENDING';
  IF NOT FOUND THEN
    RAISE EXCEPTION 'transaction % is not PENDING', p_tx USING ERRCODE = 'CX004';
  END IF;
  -- Each hold is released by the (first) leg on its account; a hold on an account the
  -- transfer does not touch would stay locked forever: refuse.
  FOR i IN 1..array_length(v_hold_accounts, 1) LOOP
    v_index := array_position(p_accounts, v_hold_accounts[i]);
    IF v_index IS NULL THEN
      RAISE EXCEPTION 'transaction %: hold on account % has no leg', p_tx, v_hold_accounts[i];
    END IF;
    v_releases[v_index] := v_hold_amounts[i];
  END LOOP;
  v_after := "post_ledger"(p_tx, p_accounts, p_amounts, v_releases);
  IF p_event_id IS NOT NULL THEN
    INSERT INTO "OutboxEvent" ("id", "bankId", "type", "payload", "transactionId")
    VALUES (p_event_id, p_event_bank, p_event_type, p_event_payload, p_tx);
  END IF;
  RETURN v_after;
END $$;
