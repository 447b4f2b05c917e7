import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { WalletModule } from '../wallet';
import { UsersController } from './users.controller';

@Module({ imports: [AuthModule, WalletModule], controllers: [UsersController] })
export class UsersModule {}
