import { Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ADMIN_KEY_SECURITY, ApiMockBankErrors, EventsCatchUpResult, EventsCatchUpResultDto } from '@app/shared-types';
import { EventsCatchUpService } from '../core-callbacks/events-catch-up.service';
import { AdminKeyGuard } from './admin-key.guard';

@ApiTags('admin')
@ApiSecurity(ADMIN_KEY_SECURITY)
@ApiMockBankErrors('UNAUTHORIZED')
@Controller('admin/events')
@UseGuards(AdminKeyGuard)
export class EventsAdminController {
  constructor(private readonly catchUp: EventsCatchUpService) {}

  @Post('catch-up')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Has the core send again every event it gave up on (its DEAD events for this bank): after an outage' })
  @ApiOkResponse({ type: EventsCatchUpResultDto })
  @ApiMockBankErrors('CORE_UNAVAILABLE')
  run(): Promise<EventsCatchUpResult> {
    return this.catchUp.catchUp();
  }
}
