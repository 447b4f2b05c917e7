import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HouseAccountService } from './house-account.service';

/** As Binance's GET /api/v3/account (the fields a reserves reader needs): the house's balances per asset. */
@ApiTags('binance')
@Controller('api/v3')
export class AccountController {
  constructor(private readonly account: HouseAccountService) {}

  @ApiOperation({
    summary: "Binance's GET /api/v3/account, the house's balances per asset (unsigned here: the mock's reserves reader needs no key)",
  })
  @Get('account')
  get() {
    const { updateTime, balances } = this.account.balances();
    return { accountType: 'SPOT', canTrade: true, updateTime, balances, permissions: ['SPOT'] };
  }
}
