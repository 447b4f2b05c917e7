import { Injectable } from '@nestjs/common';
import { QuoteRequestDto } from '@app/shared-types';
import { BankContext } from '../../auth';
import { ApiResult, UserNotFoundError, ok } from '../../errors';
import { WalletService } from '../../wallet';
import { QuoteService } from './quote.service';

@Injectable()
export class QuoteUseCase {
  constructor(
    private readonly wallet: WalletService,
    private readonly quotes: QuoteService,
  ) {}

  async execute(bank: BankContext, request: QuoteRequestDto): Promise<ApiResult> {
    const user = await this.wallet.findUser(bank.id, request.bankUserId);
    if (!user) throw new UserNotFoundError();
    return ok(await this.quotes.create(bank, user, request), 201);
  }
}
