import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  ADMIN_KEY_SECURITY,
  ApiExchangeErrors,
  ExchangeFaultSettings,
  ExchangeFaultSettingsDto,
  UpdateExchangeFaultsRequestDto,
} from '@app/shared-types';
import { ExemptFromFaults } from '../faults/exempt-from-faults.decorator';
import { FaultSettingsService } from '../faults/fault-settings.service';
import { AdminKeyGuard } from './admin-key.guard';
import { UpdateFaultsDto } from './update-faults.dto';

@ApiTags('admin')
@ApiSecurity(ADMIN_KEY_SECURITY)
@ApiExchangeErrors('UNAUTHORIZED')
@Controller('admin/faults')
@ExemptFromFaults()
@UseGuards(AdminKeyGuard)
export class FaultsAdminController {
  constructor(private readonly faults: FaultSettingsService) {}

  @Get()
  @ApiOperation({ summary: 'The faults in force' })
  @ApiOkResponse({ type: ExchangeFaultSettingsDto })
  view(): ExchangeFaultSettings {
    return this.faults.view();
  }

  @Put()
  @ApiOperation({ summary: 'Changes any subset of the faults; answers all of them' })
  @ApiBody({ type: UpdateExchangeFaultsRequestDto, examples: { down: { summary: 'The exchange goes down', value: { down: true } } } })
  @ApiOkResponse({ type: ExchangeFaultSettingsDto })
  @ApiExchangeErrors('INVALID_REQUEST')
  update(@Body() update: UpdateFaultsDto): ExchangeFaultSettings {
    return this.faults.update(update);
  }

  /** Back to the faults the app started with (none, unless set through env). */
  @Post('reset')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Back to the faults the app started with' })
  @ApiOkResponse({ type: ExchangeFaultSettingsDto })
  reset(): ExchangeFaultSettings {
    return this.faults.reset();
  }
}
