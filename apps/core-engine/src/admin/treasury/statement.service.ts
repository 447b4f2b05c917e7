import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { AccountKind, Currency, TransactionType } from '@app/prisma-client';
import { Decimal } from '../../money';
import { BanksUseCases } from '../banks/banks.use-cases';
import { utcDay } from './treasury.service';

const SCALE = 8;
const ZERO = new Decimal(0);

/** One account's day: signed ledger sums (credit +, debit −), so closing = opening + every movement. */
export interface StatementLine {
  currency: Currency;
  opening: string;
  deposits: string;
  withdrawals: string;
  buys: string;
  sells: string;
  closing: string;
}

export interface Statement {
  bank: string;
  /** [from, to): a UTC day for the daily statement. */
  from: string;
  to: string;
  customers: { bankUserId: string; lines: StatementLine[] }[];
  /** The customers' lines summed per currency. */
  total: StatementLine[];
  /** The bank's settlement account (AZN it moved in for its customers is a debit here). */
  settlement: StatementLine[];
}

interface Sums {
  opening: Decimal;
  moves: Record<TransactionType, Decimal>;
}

const emptySums = (): Sums => ({ opening: ZERO, moves: { DEPOSIT: ZERO, WITHDRAWAL: ZERO, BUY: ZERO, SELL: ZERO } });

function line(currency: Currency, s: Sums): StatementLine {
  const closing = Object.values(s.moves).reduce((acc, m) => acc.plus(m), s.opening);
  return {
    currency,
    opening: s.opening.toFixed(SCALE),
    deposits: s.moves.DEPOSIT.toFixed(SCALE),
    withdrawals: s.moves.WITHDRAWAL.toFixed(SCALE),
    buys: s.moves.BUY.toFixed(SCALE),
    sells: s.moves.SELL.toFixed(SCALE),
    closing: closing.toFixed(SCALE),
  };
}

/**
 * A bank's statement: per customer and in total, opening and closing balances and the day's
 * deposits, withdrawals, buys and sells, and its settlement position. Everything is a sum of
 * ledger rows by the time they were posted (Ledger.createdAt), so a trade opened one day and
 * reconciled the next is in the next day's statement, as it is in the balances. Exact: sums
 * of Decimal(20,8) rows, printed with 8 decimals, nothing rounded.
 */
@Injectable()
export class StatementService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly banks: BanksUseCases,
  ) {}

  daily(bankCode: string, day: string): Promise<Statement> {
    const { from, to } = utcDay(day);
    return this.forPeriod(bankCode, from, to);
  }

  async forPeriod(bankCode: string, from: Date, to: Date): Promise<Statement> {
    const bank = await this.banks.find(bankCode);
    const rows = await this.prisma.$queryRaw<
      { kind: AccountKind; currency: Currency; bankUserId: string | null; type: TransactionType; before: boolean; total: string }[]
    >`
      SELECT a.kind, a.currency, u."bankCustomerId" AS "bankUserId", t.type,
             (l."createdAt" < ${from}) AS before, SUM(l.amount)::text AS total
        FROM "Ledger" l
        JOIN "Account" a ON a.id = l."accountId"
        JOIN "Transaction" t ON t.id = l."transactionId"
        LEFT JOIN "User" u ON u.id = a."userId"
       WHERE l."createdAt" < ${to}
         AND ((a.kind = 'USER' AND u."bankId" = ${bank.id}::uuid) OR (a.kind = 'BANK_SETTLEMENT' AND a."bankId" = ${bank.id}::uuid))
       GROUP BY a.kind, a.currency, u."bankCustomerId", t.type, before`;

    const customers = new Map<string, Map<Currency, Sums>>();
    const settlement = new Map<Currency, Sums>();
    const total = new Map<Currency, Sums>();
    const add = (into: Map<Currency, Sums>, r: (typeof rows)[number]) => {
      const s = into.get(r.currency) ?? emptySums();
      const amount = new Decimal(r.total);
      if (r.before) s.opening = s.opening.plus(amount);
      else s.moves[r.type] = s.moves[r.type].plus(amount);
      into.set(r.currency, s);
    };
    for (const r of rows) {
      if (r.kind === AccountKind.BANK_SETTLEMENT) add(settlement, r);
      else if (r.bankUserId !== null) {
        if (!customers.has(r.bankUserId)) customers.set(r.bankUserId, new Map());
        add(customers.get(r.bankUserId)!, r);
        add(total, r);
      }
    }
    const lines = (m: Map<Currency, Sums>) => Object.values(Currency).map((c) => line(c, m.get(c) ?? emptySums()));
    return {
      bank: bank.code,
      from: from.toISOString(),
      to: to.toISOString(),
      customers: [...customers.keys()].sort().map((bankUserId) => ({ bankUserId, lines: lines(customers.get(bankUserId)!) })),
      total: lines(total),
      settlement: [line(Currency.AZN, settlement.get(Currency.AZN) ?? emptySums())],
    };
  }
}

const CSV_COLUMNS = ['account', 'currency', 'opening', 'deposits', 'withdrawals', 'buys', 'sells', 'closing'] as const;

/** The statement as CSV: one row per customer and currency, then TOTAL and SETTLEMENT rows. */
export function statementCsv(s: Statement): string {
  const row = (account: string, l: StatementLine) => [account, l.currency, l.opening, l.deposits, l.withdrawals, l.buys, l.sells, l.closing];
  const rows = [
    ...s.customers.flatMap((c) => c.lines.map((l) => row(c.bankUserId, l))),
    ...s.total.map((l) => row('TOTAL', l)),
    ...s.settlement.map((l) => row('SETTLEMENT', l)),
  ];
  return [CSV_COLUMNS, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a customer id as a formula. */
function csvField(value: string): string {
  const safe = /^[=+@\t\r]/.test(value) || (/^-/.test(value) && !/^-\d/.test(value)) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
