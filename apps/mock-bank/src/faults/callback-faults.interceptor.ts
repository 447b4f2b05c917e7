import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ServerResponse } from 'node:http';
import { defer, mergeMap, Observable, throwError, timer } from 'rxjs';
import { BankUnavailableError, RequestAbandonedError } from '../errors';
import { CALLBACK_CHANNEL } from './callback-channel.decorator';
import { CallbackChannel, FaultSwitchService } from './fault-switch.service';

/**
 * Applies the faults to the endpoints the core calls, before the signature check and the
 * handler: latency first, then down (503). After a delay, a request whose caller already
 * gave up is dropped unhandled: the core counts it as not acknowledged, so the bank must
 * not move the money either (a retry of the same reference is applied then).
 */
@Injectable()
export class CallbackFaultsInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly faults: FaultSwitchService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const channel = this.reflector.get<CallbackChannel | undefined>(CALLBACK_CHANNEL, context.getClass());
    if (!channel) return next.handle();
    const response = context.switchToHttp().getResponse<ServerResponse>();
    const delayMs = this.faults.latencyMs;
    const proceed = defer(() => {
      if (callerLeft(response)) return throwError(() => new RequestAbandonedError());
      if (this.faults.isDown(channel)) return throwError(() => new BankUnavailableError());
      return next.handle();
    });
    return delayMs > 0 ? timer(delayMs).pipe(mergeMap(() => proceed)) : proceed;
  }
}

function callerLeft(response: ServerResponse): boolean {
  return response.destroyed || !response.socket || response.socket.destroyed;
}
