import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CustomerActionResult, CustomerActionView, TransactionView } from '@app/shared-types';
import { QuoteActionDto, TradeActionDto, WalletActionDto } from './action-requests.dto';
import { ActionOutcome, WalletActionsService } from './wallet-actions.service';

/** Answers carry the core's HTTP status: 201 for a completed deposit or buy, 422 INSUFFICIENT_FUNDS, 502 ... */
@Controller('customers/:customerId')
export class WalletActionsController {
  constructor(private readonly wallet: WalletActionsService) {}

  @Post('deposits')
  deposit(@Param('customerId') customerId: string, @Body() request: WalletActionDto, @Res({ passthrough: true }) res: Response) {
    return this.wallet.deposit(customerId, request).then((outcome) => answer(res, outcome));
  }

  @Post('withdrawals')
  withdraw(@Param('customerId') customerId: string, @Body() request: WalletActionDto, @Res({ passthrough: true }) res: Response) {
    return this.wallet.withdraw(customerId, request).then((outcome) => answer(res, outcome));
  }

  @Post('quotes')
  quote(@Param('customerId') customerId: string, @Body() request: QuoteActionDto, @Res({ passthrough: true }) res: Response) {
    return this.wallet.quote(customerId, request).then((outcome) => answer(res, outcome));
  }

  @Post('buys')
  buy(@Param('customerId') customerId: string, @Body() request: TradeActionDto, @Res({ passthrough: true }) res: Response) {
    return this.wallet.buy(customerId, request).then((outcome) => answer(res, outcome));
  }

  @Post('sells')
  sell(@Param('customerId') customerId: string, @Body() request: TradeActionDto, @Res({ passthrough: true }) res: Response) {
    return this.wallet.sell(customerId, request).then((outcome) => answer(res, outcome));
  }

  @Get('actions')
  actions(@Param('customerId') customerId: string): Promise<CustomerActionView[]> {
    return this.wallet.list(customerId);
  }

  /** Through the bank, as its app would show it: the core's transaction with its ledger rows. */
  @Get('transactions/:transactionId')
  transaction(@Param('customerId') customerId: string, @Param('transactionId') transactionId: string): Promise<TransactionView> {
    return this.wallet.transaction(customerId, transactionId);
  }
}

function answer(res: Response, outcome: ActionOutcome): CustomerActionResult {
  res.status(outcome.httpStatus);
  return outcome.result;
}
