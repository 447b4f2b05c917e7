import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  API_KEY_SECURITY,
  ApiCoreErrors,
  EVENT_EXAMPLE,
  EVENT_LIST_EXAMPLE,
  EVENT_REDELIVER_EXAMPLE,
  EventListData,
  EventListQueryDto,
  EventListResponseDto,
  EventResponseDto,
  EventView,
} from '@app/shared-types';
import { ApiKeyGuard, BankContext, CurrentBank } from '../auth';
import { SuccessEnvelope } from '../errors';
import { EventsService } from './events.service';

@ApiTags('events')
@ApiSecurity(API_KEY_SECURITY)
@Controller('api/v1/events')
@UseGuards(ApiKeyGuard)
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({
    summary: "The bank's webhook events with their delivery status, newest first, a page at a time (follow nextCursor)",
    description:
      'Event types: trade.pending, trade.completed, trade.failed, deposit.completed, deposit.failed, withdrawal.completed, ' +
      'withdrawal.failed; `payload` is the body exactly as signed and sent (TradeEventDto or FundingEventDto). ' +
      'Events are written only for a bank with a webhook URL.',
  })
  @ApiOkResponse({ type: EventListResponseDto, example: EVENT_LIST_EXAMPLE })
  @ApiCoreErrors('VALIDATION_ERROR', 'MISSING_API_KEY', 'INVALID_API_KEY', 'RATE_LIMITED', 'INTERNAL_ERROR', 'SERVICE_BUSY')
  async list(@CurrentBank() bank: BankContext, @Query() query: EventListQueryDto): Promise<SuccessEnvelope<EventListData>> {
    return { success: true, data: await this.events.list(bank.id, query) };
  }

  @Post(':id/redeliver')
  @HttpCode(202)
  @ApiOperation({
    summary: "Queues one of the bank's events for delivery now: PENDING sooner, DEAD again (attempts from 0), DELIVERED once more (same eventId)",
  })
  @ApiParam({ name: 'id', description: 'The eventId (a UUID)', example: EVENT_EXAMPLE.eventId })
  @ApiAcceptedResponse({ type: EventResponseDto, example: EVENT_REDELIVER_EXAMPLE, description: 'Queued: deliveryStatus PENDING, due now' })
  @ApiCoreErrors('MISSING_API_KEY', 'INVALID_API_KEY', 'EVENT_NOT_FOUND', 'RATE_LIMITED', 'INTERNAL_ERROR', 'SERVICE_BUSY')
  async redeliver(@CurrentBank() bank: BankContext, @Param('id') id: string): Promise<SuccessEnvelope<EventView>> {
    return { success: true, data: await this.events.redeliver(id, bank.id) };
  }
}
