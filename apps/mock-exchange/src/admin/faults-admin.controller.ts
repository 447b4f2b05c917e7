import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, UseGuards } from '@nestjs/common';
import { ExchangeFaultSettings } from '@app/shared-types';
import { ExemptFromFaults } from '../faults/exempt-from-faults.decorator';
import { FaultSettingsService } from '../faults/fault-settings.service';
import { AdminKeyGuard } from './admin-key.guard';
import { UpdateFaultsDto } from './update-faults.dto';

@Controller('admin/faults')
@ExemptFromFaults()
@UseGuards(AdminKeyGuard)
export class FaultsAdminController {
  constructor(private readonly faults: FaultSettingsService) {}

  @Get()
  view(): ExchangeFaultSettings {
    return this.faults.view();
  }

  @Put()
  update(@Body() update: UpdateFaultsDto): ExchangeFaultSettings {
    return this.faults.update(update);
  }

  /** Back to the faults the app started with (none, unless set through env). */
  @Post('reset')
  @HttpCode(HttpStatus.OK)
  reset(): ExchangeFaultSettings {
    return this.faults.reset();
  }
}
