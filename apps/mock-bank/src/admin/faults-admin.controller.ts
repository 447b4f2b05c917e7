import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  ADMIN_KEY_SECURITY,
  ApiMockBankErrors,
  MockBankFaultSettings,
  MockBankFaultSettingsDto,
  UpdateMockBankFaultsRequestDto,
} from '@app/shared-types';
import { FaultSwitchService } from '../faults';
import { AdminKeyGuard } from './admin-key.guard';
import { UpdateFaultsDto } from './update-faults.dto';

@ApiTags('admin')
@ApiSecurity(ADMIN_KEY_SECURITY)
@ApiMockBankErrors('UNAUTHORIZED')
@Controller('admin/faults')
@UseGuards(AdminKeyGuard)
export class FaultsAdminController {
  constructor(private readonly faults: FaultSwitchService) {}

  @Get()
  @ApiOperation({ summary: 'The fault switches in force' })
  @ApiOkResponse({ type: MockBankFaultSettingsDto })
  view(): MockBankFaultSettings {
    return this.faults.view();
  }

  @Put()
  @ApiOperation({ summary: 'Changes any subset of the switches; answers all of them' })
  @ApiBody({
    type: UpdateMockBankFaultsRequestDto,
    examples: { down: { summary: 'Acknowledgements answer 503', value: { acknowledgementsDown: true } } },
  })
  @ApiOkResponse({ type: MockBankFaultSettingsDto })
  @ApiMockBankErrors('INVALID_REQUEST')
  update(@Body() update: UpdateFaultsDto): MockBankFaultSettings {
    return this.faults.update(update);
  }

  @Post('reset')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'All switches off' })
  @ApiOkResponse({ type: MockBankFaultSettingsDto })
  reset(): MockBankFaultSettings {
    return this.faults.reset();
  }
}
