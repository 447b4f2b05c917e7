import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, UseGuards } from '@nestjs/common';
import { MockBankFaultSettings } from '@app/shared-types';
import { FaultSwitchService } from '../faults';
import { AdminKeyGuard } from './admin-key.guard';
import { UpdateFaultsDto } from './update-faults.dto';

@Controller('admin/faults')
@UseGuards(AdminKeyGuard)
export class FaultsAdminController {
  constructor(private readonly faults: FaultSwitchService) {}

  @Get()
  view(): MockBankFaultSettings {
    return this.faults.view();
  }

  @Put()
  update(@Body() update: UpdateFaultsDto): MockBankFaultSettings {
    return this.faults.update(update);
  }

  @Post('reset')
  @HttpCode(HttpStatus.OK)
  reset(): MockBankFaultSettings {
    return this.faults.reset();
  }
}
