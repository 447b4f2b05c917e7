/**
 * `npm run trades -- <command>`: the operator's commands for trades marked for review
 * (docs/reliability.md, "Stuck trades"). They run the Core Engine's own use cases against the
 * database in DATABASE_URL (with the Core Engine's settings, .env.example), not its HTTP API.
 *
 *   review                                   the trades under review, oldest mark first
 *   post <transactionId> --order-id <id> --price <AZN per USDT> --qty <USDT> --operator <who> --note <why>
 *                                            post it as filled with the exchange's numbers
 *   void <transactionId> --operator <who> --note <why>
 *                                            void it: the hold released, the trade FAILED
 *
 * Exit 0: done; 1: refused (the message says why); 2: usage or settings error.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { EnvValidationError, validateEnv } from '@app/shared-types';
import { CoreConfig } from '../../apps/core-engine/src/config';
import { createCoreContext } from '../../apps/core-engine/src/create-app';
import { ApiResult, ResolutionRefusedError } from '../../apps/core-engine/src/errors';
import { ResolveTradeUseCase } from '../../apps/core-engine/src/trade/review/resolve-trade.use-case';
import { TradesUnderReview } from '../../apps/core-engine/src/trade/review/trades-under-review.query';

const USAGE = `usage:
  npm run trades -- review
  npm run trades -- post <transactionId> --order-id <exchange order id> --price <AZN per USDT> --qty <USDT> --operator <who> --note <why>
  npm run trades -- void <transactionId> --operator <who> --note <why>
`;

class UsageError extends Error {}

const OPTIONS = {
  'order-id': { type: 'string' },
  price: { type: 'string' },
  qty: { type: 'string' },
  operator: { type: 'string' },
  note: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), options: OPTIONS, allowPositionals: true });
  } catch (err) {
    process.stderr.write(`trades: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, transactionId, ...rest] = parsed.positionals;
  if (parsed.values.help || !command) {
    process.stdout.write(USAGE);
    return parsed.values.help ? 0 : 2;
  }
  const v = parsed.values;
  let config: CoreConfig;
  let resolve: ((resolver: ResolveTradeUseCase) => Promise<ApiResult>) | null = null;
  try {
    if (rest.length) throw new UsageError(`unexpected argument ${rest[0]}`);
    if (command !== 'review') {
      if (!transactionId) throw new UsageError(`${command} needs a transactionId`);
      const by = { transactionId, operator: required(v, 'operator'), note: required(v, 'note') };
      if (command === 'post') {
        const numbers = { exchangeOrderId: required(v, 'order-id'), executedPrice: required(v, 'price'), executedQty: required(v, 'qty') };
        resolve = (resolver) => resolver.post({ ...by, ...numbers });
      } else if (command === 'void') {
        resolve = (resolver) => resolver.void(by);
      } else {
        throw new UsageError(`unknown command ${command}`);
      }
    }
    config = validateEnv(CoreConfig);
  } catch (err) {
    if (!(err instanceof UsageError || err instanceof EnvValidationError)) throw err;
    process.stderr.write(`trades: ${err.message}\n${USAGE}`);
    return 2;
  }

  const context = await createCoreContext(config);
  try {
    if (!resolve) {
      const trades = await context.get(TradesUnderReview).list();
      process.stdout.write(`${JSON.stringify(trades, null, 2)}\n`);
      return 0;
    }
    const result = await resolve(context.get(ResolveTradeUseCase));
    process.stdout.write(`${JSON.stringify({ transactionId, answer: result.body }, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ResolutionRefusedError) {
      process.stderr.write(`trades: ${err.code}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await context.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`trades failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
