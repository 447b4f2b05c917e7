import { Controller, Get } from '@nestjs/common';
import { HouseAccountService } from './house-account.service';

/** As Binance's GET /api/v3/account (the fields a reserves reader needs): the house's balances per asset. */
@Controller('api/v3')
export class AccountController {
  constructor(private readonly account: HouseAccountService) {}

  @Get('account')
  get() {
    const { updateTime, balances } = this.account.balances();
    return { accountType: 'SPOT', canTrade: true, updateTime, balances, permissions: ['SPOT'] };
  }
}
