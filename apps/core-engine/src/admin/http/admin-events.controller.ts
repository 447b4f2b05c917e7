import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { DeadEvents } from '../events/dead-events.service';
import { DeadEventsQueryDto } from './admin.dto';
import { OperatorKeyGuard } from './operator-key.guard';

/** DEAD webhook events (list only: redelivery is added beside it once the outbox's redeliver use case is merged). */
@Controller('admin/v1/events')
@UseGuards(OperatorKeyGuard)
export class AdminEventsController {
  constructor(private readonly dead: DeadEvents) {}

  @Get('dead')
  async list(@Query() query: DeadEventsQueryDto) {
    return { success: true as const, data: await this.dead.list(query.limit) };
  }
}
