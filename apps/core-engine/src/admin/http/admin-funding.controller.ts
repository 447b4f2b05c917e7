import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { FundingUnderReviewQuery } from '../../funding/review/funding-under-review.query';
import { AdminActor } from '../audit/audit-trail.service';
import { AdminFundingResolution } from '../funding/funding-resolution.use-case';
import { DeadEventsQueryDto, ResolveFundingDto } from './admin.dto';
import { CurrentActor, OperatorKeyGuard } from './operator-key.guard';

/** Deposits and withdrawals marked for review: listed, and resolved by an operator with the bank's word, audited (docs/operations.md). */
@Controller('admin/v1/funding')
@UseGuards(OperatorKeyGuard)
export class AdminFundingController {
  constructor(
    private readonly funding: FundingUnderReviewQuery,
    private readonly resolution: AdminFundingResolution,
  ) {}

  @Get('review')
  async review(@Query() query: DeadEventsQueryDto) {
    return { success: true as const, data: await this.funding.list(query.limit) };
  }

  /** The bank confirmed it moved the money: COMPLETED, booked as its acknowledgement would have booked it. */
  @Post(':id/post')
  @HttpCode(200)
  async post(@CurrentActor() actor: AdminActor, @Param('id') id: string, @Body() body: ResolveFundingDto) {
    return { success: true as const, data: await this.resolution.post(actor, id, body.note) };
  }

  /** The bank confirmed it never moved the money: FAILED with FUNDING_VOIDED, a withdrawal's hold released, nothing moved. */
  @Post(':id/void')
  @HttpCode(200)
  async void(@CurrentActor() actor: AdminActor, @Param('id') id: string, @Body() body: ResolveFundingDto) {
    return { success: true as const, data: await this.resolution.void(actor, id, body.note) };
  }
}
