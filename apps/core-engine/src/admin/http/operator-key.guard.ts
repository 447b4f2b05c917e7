import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { OperatorRole } from '@app/prisma-client';
import { InvalidOperatorKeyError, MissingOperatorKeyError, OperatorRoleError } from '../../errors';
import { AdminActor } from '../audit/audit-trail.service';
import { Operator, OperatorKeys } from '../operators/operator-keys.service';

export const OPERATOR_KEY_HEADER = 'x-operator-key';

type OperatorRequest = Request & { operator?: Operator };

/**
 * Every admin route: x-operator-key must name an active operator key (a bank's key is not
 * in that table, so it never opens the admin surface). Reads (GET) are open to both roles;
 * anything that changes state needs the role OPERATOR.
 */
@Injectable()
export class OperatorKeyGuard implements CanActivate {
  constructor(private readonly keys: OperatorKeys) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<OperatorRequest>();
    const key = req.headers[OPERATOR_KEY_HEADER];
    if (key === undefined || key === '') throw new MissingOperatorKeyError();
    if (typeof key !== 'string' || key.length > 256) throw new InvalidOperatorKeyError();
    const operator = await this.keys.authenticate(key);
    if (!operator) throw new InvalidOperatorKeyError();
    if (req.method !== 'GET' && req.method !== 'HEAD' && operator.role !== OperatorRole.OPERATOR) throw new OperatorRoleError();
    req.operator = operator;
    return true;
  }
}

/** The audit trail's "who" for the operator OperatorKeyGuard identified. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): AdminActor => {
  const operator = ctx.switchToHttp().getRequest<OperatorRequest>().operator;
  if (!operator) throw new Error('CurrentActor used on a route without OperatorKeyGuard');
  return { id: `operator:${operator.name}` };
});
