import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { BankSuspendedError, InvalidApiKeyError, MissingApiKeyError } from '../errors';
import { ApiKeyService } from './api-key.service';
import { BankContext } from './bank-context';
import { BankRateLimit } from './bank-rate-limit';

export type AuthenticatedRequest = Request & { bank?: BankContext };

/** Every /api/v1 route: the x-api-key header must name an active key of a bank partner, whose bank is then rate limited. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeyService,
    private readonly rateLimit: BankRateLimit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = req.headers['x-api-key'];
    if (key === undefined || key === '') throw new MissingApiKeyError();
    if (typeof key !== 'string' || key.length > 256) throw new InvalidApiKeyError();
    const bank = await this.keys.authenticate(key);
    if (!bank) throw new InvalidApiKeyError();
    // After the key: an unknown key learns nothing about suspensions.
    if (bank.suspended) throw new BankSuspendedError();
    await this.rateLimit.take(bank.id);
    req.bank = bank;
    return true;
  }
}
