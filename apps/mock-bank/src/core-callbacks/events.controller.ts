import { Controller, Get, Query } from '@nestjs/common';
import { IsOptional, IsString, Length } from 'class-validator';
import { ReceivedEventView } from '@app/shared-types';
import { WebhooksService } from './webhooks.service';

export class EventsQueryDto {
  @IsOptional()
  @IsString()
  @Length(1, 64)
  customerId?: string;

  @IsOptional()
  @IsString()
  @Length(1, 64)
  transactionId?: string;
}

/** GET /events[?customerId=&transactionId=]: the webhooks the bank accepted, newest first. */
@Controller('events')
export class EventsController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  list(@Query() query: EventsQueryDto): Promise<ReceivedEventView[]> {
    return this.webhooks.list(query);
  }
}
