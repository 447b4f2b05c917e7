import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { TradesUnderReview } from '../../trade/review/trades-under-review.query';
import { DeadEventsQueryDto } from './admin.dto';
import { OperatorKeyGuard } from './operator-key.guard';

/** Trades marked for review (read only here: `npm run trades -- post|void` resolves them, docs/operations.md). */
@Controller('admin/v1/trades')
@UseGuards(OperatorKeyGuard)
export class AdminTradesController {
  constructor(private readonly trades: TradesUnderReview) {}

  @Get('review')
  async review(@Query() query: DeadEventsQueryDto) {
    return { success: true as const, data: await this.trades.list(query.limit) };
  }
}
