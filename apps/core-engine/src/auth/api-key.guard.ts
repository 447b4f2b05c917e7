import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { InvalidApiKeyError, MissingApiKeyError } from '../errors';
import { ApiKeyService } from './api-key.service';
import { BankContext } from './bank-context';

export type AuthenticatedRequest = Request & { bank?: BankContext };

/** Every /api/v1 route: the x-api-key header must name an active key of a bank partner. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly keys: ApiKeyService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = req.headers['x-api-key'];
    if (key === undefined || key === '') throw new MissingApiKeyError();
    if (typeof key !== 'string' || key.length > 256) throw new InvalidApiKeyError();
    const bank = await this.keys.authenticate(key);
    if (!bank) throw new InvalidApiKeyError();
    req.bank = bank;
    return true;
  }
}
