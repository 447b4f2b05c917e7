import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './api-key.guard';
import { BankContext } from './bank-context';

/** The bank ApiKeyGuard identified; only usable behind that guard. */
export const CurrentBank = createParamDecorator((_: unknown, ctx: ExecutionContext): BankContext => {
  const bank = ctx.switchToHttp().getRequest<AuthenticatedRequest>().bank;
  if (!bank) throw new Error('CurrentBank used on a route without ApiKeyGuard');
  return bank;
});
