import { Module } from '@nestjs/common';
import { AccountController } from './account.controller';
import { HouseAccountService } from './house-account.service';

@Module({ controllers: [AccountController], providers: [HouseAccountService], exports: [HouseAccountService] })
export class AccountModule {}
