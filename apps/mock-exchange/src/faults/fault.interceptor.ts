import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ServerResponse } from 'node:http';
import { defer, mergeMap, Observable, throwError, timer } from 'rxjs';
import { ExchangeUnavailableError, InjectedFailureError } from '../errors';
import { EXEMPT_FROM_FAULTS } from './exempt-from-faults.decorator';
import { FaultSettingsService } from './fault-settings.service';
import { HeldRequestsService } from './held-requests.service';
import { OrdersController } from '../orders/orders.controller';
import { BinanceOrderController } from '../binance/binance-order.controller';

/**
 * Applies the faults around every exchange endpoint, before validation and the handler:
 * hang, then latency, then down / errorRate. A request turned away here never reaches the
 * order book, so nothing is recorded for it. loseResponses acts after the handler of
 * POST /order: the order fills, its answer is never sent. With scope "orders" the ticker
 * is left alone, so a client can price a trade and then meet the fault on its order.
 */
@Injectable()
export class FaultInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly faults: FaultSettingsService,
    private readonly held: HeldRequestsService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const exempt = this.reflector.getAllAndOverride<boolean>(EXEMPT_FROM_FAULTS, [context.getHandler(), context.getClass()]);
    if (exempt) return next.handle();

    const response = context.switchToHttp().getResponse<ServerResponse>();
    const method = context.switchToHttp().getRequest<{ method: string }>().method;
    const order = context.getClass() === OrdersController || context.getClass() === BinanceOrderController;
    const decision = this.faults.decide({ order, placement: order && method === 'POST' });
    if (decision.hang) return this.held.hold(response);

    const proceed = defer(() => {
      if (decision.failure === 'down') return throwError(() => new ExchangeUnavailableError());
      if (decision.failure === 'error') return throwError(() => new InjectedFailureError());
      const handled = next.handle();
      return decision.loseResponse ? handled.pipe(mergeMap(() => this.held.hold(response))) : handled;
    });
    return decision.delayMs > 0 ? timer(decision.delayMs).pipe(mergeMap(() => proceed)) : proceed;
  }
}
