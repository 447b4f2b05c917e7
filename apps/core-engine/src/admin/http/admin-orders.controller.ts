import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { OpenOrdersQuery } from '../orders/open-orders.query';
import { OpenOrdersQueryDto } from './admin.dto';
import { OperatorKeyGuard } from './operator-key.guard';

/** The limit and stop orders waiting per bank: what the house may have to execute (docs/orders.md). */
@Controller('admin/v1/orders')
@UseGuards(OperatorKeyGuard)
export class AdminOrdersController {
  constructor(private readonly orders: OpenOrdersQuery) {}

  @Get('open')
  async open(@Query() query: OpenOrdersQueryDto) {
    return { success: true as const, data: await this.orders.list(query.bank, query.limit) };
  }
}
