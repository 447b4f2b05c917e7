import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InvalidOperatorKeyError, MissingOperatorKeyError } from '../../errors';
import { OperatorKeys } from '../operators/operator-keys.service';

/**
 * The operator page in a browser: HTTP Basic authentication, the operator key as the password
 * (any user name), so the browser asks for it and no cookie or session exists. The page only
 * reads, so both roles open it.
 */
@Injectable()
export class OperatorPageGuard implements CanActivate {
  constructor(private readonly keys: OperatorKeys) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const key = basicPassword(req.headers.authorization);
    const operator = key && key.length <= 256 ? await this.keys.authenticate(key) : null;
    if (operator) return true;
    res.setHeader('WWW-Authenticate', 'Basic realm="operator", charset="UTF-8"');
    throw key ? new InvalidOperatorKeyError() : new MissingOperatorKeyError();
  }
}

function basicPassword(header: string | undefined): string | null {
  const m = header ? /^Basic ([A-Za-z0-9+/=]{1,600})$/.exec(header) : null;
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && colon < decoded.length - 1 ? decoded.slice(colon + 1) : null;
}
