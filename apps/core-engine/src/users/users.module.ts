import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { LimitsModule } from '../limits';
import { WalletModule } from '../wallet';
import { KycService } from './kyc.service';
import { UsersController } from './users.controller';

@Module({ imports: [AuthModule, WalletModule, LimitsModule], controllers: [UsersController], providers: [KycService] })
export class UsersModule {}
