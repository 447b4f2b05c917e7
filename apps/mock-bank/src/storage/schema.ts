/**
 * The Mock Bank's own tables, in a schema of their own (mock_bank) so they never mix with
 * the Core Engine's ledger even when both live in one database. Created at boot with
 * IF NOT EXISTS: the mock has no migration history to keep. Money is NUMERIC(20,8).
 */
export const SCHEMA = 'mock_bank';

export const SCHEMA_STATEMENTS: readonly string[] = [
  `CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMA}.customers (
     id          text PRIMARY KEY,
     name        text NOT NULL,
     created_at  timestamptz NOT NULL DEFAULT now()
   )`,
  // One AZN account per customer; the CHECK is the bank's overdraft rule.
  `CREATE TABLE IF NOT EXISTS ${SCHEMA}.accounts (
     customer_id text PRIMARY KEY REFERENCES ${SCHEMA}.customers (id),
     currency    text NOT NULL DEFAULT 'AZN' CHECK (currency = 'AZN'),
     balance     numeric(20,8) NOT NULL CHECK (balance >= 0),
     updated_at  timestamptz NOT NULL DEFAULT now()
   )`,
  // Every change of an account, signed (negative: debit). reference is unique, so a
  // movement asked for twice (an acknowledgement retried) exists once.
  `CREATE TABLE IF NOT EXISTS ${SCHEMA}.movements (
     id            bigserial PRIMARY KEY,
     reference     text NOT NULL UNIQUE,
     customer_id   text NOT NULL REFERENCES ${SCHEMA}.customers (id),
     operation     text NOT NULL CHECK (operation IN ('OPENING', 'DEPOSIT', 'WITHDRAWAL')),
     amount        numeric(20,8) NOT NULL,
     balance_after numeric(20,8) NOT NULL,
     created_at    timestamptz NOT NULL DEFAULT now()
   )`,
  // The answer given to each acknowledgement reference, replayed when the core asks again.
  `CREATE TABLE IF NOT EXISTS ${SCHEMA}.acknowledgements (
     reference     text PRIMARY KEY,
     operation     text NOT NULL,
     bank_user_id  text NOT NULL,
     amount        numeric(20,8) NOT NULL,
     acknowledged  boolean NOT NULL,
     reason        text,
     created_at    timestamptz NOT NULL DEFAULT now()
   )`,
  // Webhooks accepted, by the core's event id: a repeat only counts a delivery.
  `CREATE TABLE IF NOT EXISTS ${SCHEMA}.received_events (
     event_id         text PRIMARY KEY,
     type             text NOT NULL,
     transaction_id   text,
     bank_user_id     text,
     status           text,
     payload          text NOT NULL,
     deliveries       integer NOT NULL DEFAULT 1,
     received_at      timestamptz NOT NULL DEFAULT now(),
     last_delivery_at timestamptz NOT NULL DEFAULT now()
   )`,
  // A customer action that calls the core, with the idempotency key every attempt reuses.
  `CREATE TABLE IF NOT EXISTS ${SCHEMA}.customer_actions (
     id              uuid PRIMARY KEY,
     customer_id     text NOT NULL REFERENCES ${SCHEMA}.customers (id),
     kind            text NOT NULL CHECK (kind IN ('DEPOSIT', 'WITHDRAWAL', 'QUOTE', 'BUY', 'SELL')),
     idempotency_key uuid NOT NULL UNIQUE,
     request         text NOT NULL,
     attempts        integer NOT NULL DEFAULT 0,
     response_status integer,
     response_body   text,
     transaction_id  text,
     trade_status    text,
     created_at      timestamptz NOT NULL DEFAULT now(),
     updated_at      timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX IF NOT EXISTS customer_actions_transaction_idx ON ${SCHEMA}.customer_actions (transaction_id)`,
  `CREATE INDEX IF NOT EXISTS received_events_transaction_idx ON ${SCHEMA}.received_events (transaction_id)`,
];
