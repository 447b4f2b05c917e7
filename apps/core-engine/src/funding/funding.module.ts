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
import { ResolveFundingUseCase } from './review/resolve-funding.use-case';

@Module({
  imports: [AuthModule, WalletModule, LedgerModule, IdempotencyModule, LimitsModule],
  controllers: [FundingController],
  providers: [FundingFlow, DepositUseCase, WithdrawUseCase, FundingReview, ResolveFundingUseCase],
  exports: [DepositUseCase, WithdrawUseCase, FundingFlow, FundingReview, ResolveFundingUseCase],
})
export class FundingModule {}
