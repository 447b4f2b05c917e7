import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { TradesUnderReview } from '../../trade/review/trades-under-review.query';
import { AdminActor } from '../audit/audit-trail.service';
import { AdminTradeResolution } from '../trades/trade-resolution.use-case';
import { DeadEventsQueryDto, PostTradeDto, VoidTradeDto } from './admin.dto';
import { CurrentActor, OperatorKeyGuard } from './operator-key.guard';

/** Trades marked for review: listed, and resolved by an operator, audited (docs/operations.md). */
@Controller('admin/v1/trades')
@UseGuards(OperatorKeyGuard)
export class AdminTradesController {
  constructor(
    private readonly trades: TradesUnderReview,
    private readonly resolution: AdminTradeResolution,
  ) {}

  @Get('review')
  async review(@Query() query: DeadEventsQueryDto) {
    return { success: true as const, data: await this.trades.list(query.limit) };
  }

  /** Post it as filled with the exchange's numbers: COMPLETED, the customer gets what the trade agreed. */
  @Post(':id/post')
  @HttpCode(200)
  async post(@CurrentActor() actor: AdminActor, @Param('id') id: string, @Body() body: PostTradeDto) {
    return { success: true as const, data: await this.resolution.post(actor, id, body) };
  }

  /** Void it: FAILED with TRADE_VOIDED, the hold released, nothing moved; refused for an order the exchange executed unless forced with a reason. */
  @Post(':id/void')
  @HttpCode(200)
  async void(@CurrentActor() actor: AdminActor, @Param('id') id: string, @Body() body: VoidTradeDto) {
    return { success: true as const, data: await this.resolution.void(actor, id, body) };
  }
}
