import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { AdminActor } from '../audit/audit-trail.service';
import { DeadEvents } from '../events/dead-events.service';
import { EventRedelivery } from '../events/event-redelivery.use-case';
import { DeadEventsQueryDto } from './admin.dto';
import { CurrentActor, OperatorKeyGuard } from './operator-key.guard';

/** DEAD webhook events, and any bank's event sent again (docs/operations.md). */
@Controller('admin/v1/events')
@UseGuards(OperatorKeyGuard)
export class AdminEventsController {
  constructor(
    private readonly dead: DeadEvents,
    private readonly redelivery: EventRedelivery,
  ) {}

  @Get('dead')
  async list(@Query() query: DeadEventsQueryDto) {
    return { success: true as const, data: await this.dead.list(query.limit) };
  }

  /** 202: due now (a DEAD event back to PENDING with its attempts reset), audited. */
  @Post(':id/redeliver')
  @HttpCode(202)
  async redeliver(@CurrentActor() actor: AdminActor, @Param('id') id: string) {
    return { success: true as const, data: await this.redelivery.redeliver(actor, id) };
  }
}
