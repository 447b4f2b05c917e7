import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { ApiMockBankErrors, ReceivedEventView, ReceivedEventViewDto } from '@app/shared-types';
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
@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: 'The webhooks the bank accepted, newest first (at most 200)' })
  @ApiQuery({ name: 'customerId', required: false, example: 'user_123' })
  @ApiQuery({ name: 'transactionId', required: false })
  @ApiOkResponse({ type: [ReceivedEventViewDto] })
  @ApiMockBankErrors('INVALID_REQUEST')
  list(@Query() query: EventsQueryDto): Promise<ReceivedEventView[]> {
    return this.webhooks.list(query);
  }
}
