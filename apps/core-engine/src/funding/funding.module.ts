import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { LimitsModule } from '../limits';
import { IdempotencyModule } from '../idempotency';
import { LedgerModule } from '../ledger';
import { WalletModule } from '../wallet';
import { DepositUseCase } from './deposit.use-case';
import { FundingFlow } from './funding-flow.service';
import { WithdrawUseCase } from './withdraw.use-case';
import { FundingController } from './funding.controller';
import { FundingReview } from './review/funding-review.service';

@Module({
  imports: [AuthModule, WalletModule, LedgerModule, IdempotencyModule, LimitsModule],
  controllers: [FundingController],
  providers: [FundingFlow, DepositUseCase, WithdrawUseCase, FundingReview],
  exports: [DepositUseCase, WithdrawUseCase, FundingFlow, FundingReview],
})
export class FundingModule {}
