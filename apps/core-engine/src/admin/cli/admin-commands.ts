import { ArgumentMetadata } from '@nestjs/common';
import { parseArgs } from 'node:util';
import { OperatorRole } from '@app/prisma-client';
import { ValidationError } from '../../errors';
import { apiValidationPipe } from '../../http';
import { AdminActor, AuditTrail } from '../audit/audit-trail.service';
import { BankKeysUseCases } from '../banks/bank-keys.use-cases';
import { BankLimitsUseCases } from '../banks/bank-limits.use-cases';
import { BanksUseCases } from '../banks/banks.use-cases';
import { WebhookSecretRotation } from '../banks/webhook-secret.use-case';
import {
  AuditQueryDto,
  BankSettingsDto,
  CreateBankDto,
  DeadEventsQueryDto,
  LimitPathDto,
  PostTradeDto,
  ResolveFundingDto,
  RevenueQueryDto,
  RotateSecretDto,
  SetLimitDto,
  StatementQueryDto,
  VoidTradeDto,
} from '../http/admin.dto';
import { DeadEvents } from '../events/dead-events.service';
import { EventRedelivery } from '../events/event-redelivery.use-case';
import { TradesUnderReview } from '../../trade/review/trades-under-review.query';
import { AdminTradeResolution } from '../trades/trade-resolution.use-case';
import { FundingUnderReviewQuery } from '../../funding/review/funding-under-review.query';
import { AdminFundingResolution } from '../funding/funding-resolution.use-case';
import { OperatorKeys } from '../operators/operator-keys.service';
import { StatementService, statementCsv } from '../treasury/statement.service';
import { TreasuryService } from '../treasury/treasury.service';
import { TakeLiabilitySnapshotUseCase } from '../../proofs/snapshot/take-liability-snapshot.use-case';
import { TakeLedgerCheckpointUseCase } from '../../proofs/checkpoint/take-ledger-checkpoint.use-case';
import { ReservesService } from '../../proofs/reserves/reserves.service';

/** The use cases a command may call: the same instances' classes the admin API calls. */
export interface AdminCommandDeps {
  audit: AuditTrail;
  operatorKeys: OperatorKeys;
  banks: BanksUseCases;
  keys: BankKeysUseCases;
  limits: BankLimitsUseCases;
  secrets: WebhookSecretRotation;
  treasury: TreasuryService;
  statements: StatementService;
  deadEvents: DeadEvents;
  redelivery: EventRedelivery;
  tradesUnderReview: TradesUnderReview;
  trades: AdminTradeResolution;
  fundingUnderReview: FundingUnderReviewQuery;
  funding: AdminFundingResolution;
  liabilitySnapshots: TakeLiabilitySnapshotUseCase;
  ledgerCheckpoints: TakeLedgerCheckpointUseCase;
  reserves: ReservesService;
}

type Flags = Record<string, string | undefined>;

interface Command {
  usage: string;
  /** Flags the command takes (all strings; numbers are converted, then validated as the API does). */
  flags?: string[];
  /** Flags without a value ("--force"): "true" when given. */
  switches?: string[];
  positionals?: number;
  run(deps: AdminCommandDeps, actor: AdminActor, args: string[], flags: Flags): Promise<unknown>;
}

const pipe = apiValidationPipe();

/** The request-body rules of the admin API, applied to a command's flags. */
async function validated<T>(metatype: new () => T, value: object): Promise<T> {
  const metadata: ArgumentMetadata = { type: 'body', metatype, data: undefined };
  return (await pipe.transform(value, metadata)) as T;
}

/** Fields a command line clears with "none" (null in the API's body). */
const NULLABLE = ['callbackUrl', 'webhookUrl', 'perOperation', 'per24Hours'];

/**
 * "--spread-bps 120" -> { spreadBps: 120 }, "--per-24-hours none" -> { per24Hours: null }; a
 * value that is not a whole number stays a string, for the validator to refuse.
 */
function body(flags: Flags, numeric: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    const key = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    if (numeric.includes(key) && /^-?\d{1,9}$/.test(value)) out[key] = Number(value);
    else if (value === 'none' && NULLABLE.includes(key)) out[key] = null;
    else out[key] = value;
  }
  return out;
}

const BANK_FLAGS = ['name', 'spread-bps', 'slippage-tolerance-bps', 'callback-url', 'webhook-url'];
const BANK_NUMBERS = ['spreadBps', 'slippageToleranceBps'];

/** A result printed as it is, not as JSON. */
export class CsvText {
  constructor(readonly text: string) {}
}

/** Every command of `npm run admin -- <command>` (docs/operations.md). */
export const ADMIN_COMMANDS: Record<string, Command> = {
  'operator-key:create': {
    usage: 'operator-key:create --name <who> --role viewer|operator',
    flags: ['name', 'role'],
    run: (d, actor, _, f) => {
      const role = f.role?.toUpperCase();
      if (!f.name || !/^[A-Za-z0-9 ._@-]{1,100}$/.test(f.name))
        throw new ValidationError('--name is required (1-100 letters, digits, space . _ @ -)');
      if (role !== OperatorRole.VIEWER && role !== OperatorRole.OPERATOR) throw new ValidationError('--role must be viewer or operator');
      return d.operatorKeys.create(actor, { name: f.name, role });
    },
  },
  'operator-key:list': { usage: 'operator-key:list', run: (d) => d.operatorKeys.list() },
  'operator-key:revoke': { usage: 'operator-key:revoke <keyId>', positionals: 1, run: (d, actor, [id]) => d.operatorKeys.revoke(actor, id) },
  'bank:create': {
    usage: 'bank:create --code <code> --name <name> [--spread-bps N] [--slippage-tolerance-bps N] [--callback-url URL] [--webhook-url URL]',
    flags: ['code', ...BANK_FLAGS],
    run: async (d, actor, _, f) => d.banks.create(actor, await validated(CreateBankDto, body(f, BANK_NUMBERS))),
  },
  'bank:list': { usage: 'bank:list', run: (d) => d.banks.list() },
  'bank:show': { usage: 'bank:show <code>', positionals: 1, run: (d, _, [code]) => d.banks.show(code) },
  'bank:update': {
    usage: 'bank:update <code> [--name ..] [--spread-bps N] [--slippage-tolerance-bps N] [--callback-url URL|none] [--webhook-url URL|none]',
    positionals: 1,
    flags: BANK_FLAGS,
    run: async (d, actor, [code], f) => d.banks.update(actor, code, await validated(BankSettingsDto, body(f, BANK_NUMBERS))),
  },
  'bank:suspend': { usage: 'bank:suspend <code>', positionals: 1, run: (d, actor, [code]) => d.banks.suspend(actor, code) },
  'bank:resume': { usage: 'bank:resume <code>', positionals: 1, run: (d, actor, [code]) => d.banks.resume(actor, code) },
  'bank:rotate-webhook-secret': {
    usage: 'bank:rotate-webhook-secret <code> [--overlap-seconds N]',
    positionals: 1,
    flags: ['overlap-seconds'],
    run: async (d, actor, [code], f) => d.secrets.rotate(actor, code, (await validated(RotateSecretDto, body(f, ['overlapSeconds']))).overlapSeconds),
  },
  'bank:end-webhook-overlap': {
    usage: 'bank:end-webhook-overlap <code>',
    positionals: 1,
    run: (d, actor, [code]) => d.secrets.endOverlap(actor, code),
  },
  'key:create': {
    usage: 'key:create <bankCode> [--label <label>]',
    positionals: 1,
    flags: ['label'],
    run: (d, actor, [code], f) => d.keys.create(actor, code, f.label),
  },
  'key:list': { usage: 'key:list <bankCode>', positionals: 1, run: (d, _, [code]) => d.keys.list(code) },
  'key:revoke': { usage: 'key:revoke <bankCode> <keyId>', positionals: 2, run: (d, actor, [code, id]) => d.keys.revoke(actor, code, id) },
  'limits:show': { usage: 'limits:show <bankCode>', positionals: 1, run: (d, _, [code]) => d.limits.list(code) },
  'limits:set': {
    usage: 'limits:set <bankCode> --level 0-3 --operation BUY|SELL|DEPOSIT|WITHDRAWAL --per-operation <AZN>|none --per-24-hours <AZN>|none',
    positionals: 1,
    flags: ['level', 'operation', 'per-operation', 'per-24-hours'],
    run: async (d, actor, [code], { level, operation, ...amounts }) => {
      const path = await validated(LimitPathDto, { code, level, operation });
      return d.limits.set(actor, path.code, path.level, path.operation, await validated(SetLimitDto, body(amounts)));
    },
  },
  treasury: {
    usage: 'treasury',
    run: async (d) => ({ positions: await d.treasury.positions(), banks: await d.treasury.bankFlows(), reserves: await d.reserves.position() }),
  },
  revenue: {
    usage: 'revenue --from YYYY-MM-DD --to YYYY-MM-DD',
    flags: ['from', 'to'],
    run: async (d, _, __, f) => {
      const q = await validated(RevenueQueryDto, body(f));
      return d.treasury.revenue(q.from, q.to);
    },
  },
  statement: {
    usage: 'statement <bankCode> <YYYY-MM-DD> [--format json|csv]',
    positionals: 2,
    flags: ['format'],
    run: async (d, _, [code, day], f) => {
      const q = await validated(StatementQueryDto, body(f));
      const statement = await d.statements.daily(code, day);
      return q.format === 'csv' ? new CsvText(statementCsv(statement)) : statement;
    },
  },
  'events:dead': {
    usage: 'events:dead [--limit N]',
    flags: ['limit'],
    run: async (d, _, __, f) => d.deadEvents.list((await validated(DeadEventsQueryDto, body(f, ['limit']))).limit),
  },
  'trades:review': {
    usage: 'trades:review [--limit N]',
    flags: ['limit'],
    run: async (d, _, __, f) => d.tradesUnderReview.list((await validated(DeadEventsQueryDto, body(f, ['limit']))).limit),
  },
  'trades:post': {
    usage: 'trades:post <transactionId> --exchange-order-id <id> --executed-price <AZN per USDT> --executed-qty <USDT> --note <why>',
    positionals: 1,
    flags: ['exchange-order-id', 'executed-price', 'executed-qty', 'note'],
    run: async (d, actor, [id], f) => d.trades.post(actor, id, await validated(PostTradeDto, body(f))),
  },
  'trades:void': {
    usage: 'trades:void <transactionId> --note <why> [--force --reason <why the exchange execution is set aside>]',
    positionals: 1,
    flags: ['note', 'reason'],
    switches: ['force'],
    run: async (d, actor, [id], f) => {
      const { force, ...rest } = f;
      return d.trades.void(actor, id, await validated(VoidTradeDto, { ...body(rest), ...(force && { force: true }) }));
    },
  },
  'funding:review': {
    usage: 'funding:review [--limit N]',
    flags: ['limit'],
    run: async (d, _, __, f) => d.fundingUnderReview.list((await validated(DeadEventsQueryDto, body(f, ['limit']))).limit),
  },
  'funding:post': {
    usage: 'funding:post <transactionId> --note <what the bank confirmed: it moved the money>',
    positionals: 1,
    flags: ['note'],
    run: async (d, actor, [id], f) => d.funding.post(actor, id, (await validated(ResolveFundingDto, body(f))).note),
  },
  'funding:void': {
    usage: 'funding:void <transactionId> --note <what the bank confirmed: it never moved the money>',
    positionals: 1,
    flags: ['note'],
    run: async (d, actor, [id], f) => d.funding.void(actor, id, (await validated(ResolveFundingDto, body(f))).note),
  },
  'proofs:snapshot': {
    usage: "proofs:snapshot <bankCode>   (the bank's liabilities tree now, docs/proofs.md; audited)",
    positionals: 1,
    run: (d, actor, [code]) => d.liabilitySnapshots.take(code, actor),
  },
  'ledger:checkpoint': {
    usage: 'ledger:checkpoint   (signs the ledger rows since the last checkpoint, docs/proofs.md; audited)',
    run: (d, actor) => d.ledgerCheckpoints.take(actor),
  },
  'events:redeliver': {
    usage: 'events:redeliver <eventId>',
    positionals: 1,
    run: (d, actor, [eventId]) => d.redelivery.redeliver(actor, eventId),
  },
  audit: {
    usage: 'audit [--target-type bank|api_key|operator_key|event|trade|funding] [--target-id ID] [--limit N] [--before-id ID]',
    flags: ['target-type', 'target-id', 'limit', 'before-id'],
    run: async (d, _, __, f) => d.audit.list(await validated(AuditQueryDto, body(f, ['limit']))),
  },
};

export function usage(): string {
  return ['usage: npm run admin -- <command> [arguments]', '', ...Object.values(ADMIN_COMMANDS).map((c) => `  ${c.usage}`), ''].join('\n');
}

/** Parses and runs one command line; the result is what the command prints (as JSON). */
export async function runAdminCommand(deps: AdminCommandDeps, actor: AdminActor, argv: string[]): Promise<unknown> {
  const [name, ...rest] = argv;
  // Own keys only: "toString" or "__proto__" is no command.
  const command = name !== undefined && Object.hasOwn(ADMIN_COMMANDS, name) ? ADMIN_COMMANDS[name] : undefined;
  if (!command) throw new ValidationError(name === undefined ? 'no command given' : `unknown command "${name}"`, [usage()]);
  let parsed: { values: Flags; positionals: string[] };
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: {
        ...Object.fromEntries((command.flags ?? []).map((f) => [f, { type: 'string' as const }])),
        ...Object.fromEntries((command.switches ?? []).map((f) => [f, { type: 'boolean' as const }])),
      },
      allowPositionals: true,
      strict: true,
    });
    parsed = {
      values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === true ? 'true' : v === false ? undefined : v])),
      positionals,
    };
  } catch (err) {
    throw new ValidationError(`${(err as Error).message}; usage: ${command.usage}`);
  }
  if (parsed.positionals.length !== (command.positionals ?? 0)) throw new ValidationError(`usage: ${command.usage}`);
  return command.run(deps, actor, parsed.positionals, parsed.values);
}
