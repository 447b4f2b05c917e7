import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ApiCustomerActionAnswers,
  ApiMockBankErrors,
  CustomerActionResult,
  CustomerActionView,
  CustomerActionViewDto,
  QuoteActionRequestDto,
  TRANSACTION_EXAMPLE,
  TradeActionRequestDto,
  TransactionView,
  TransactionViewDto,
  WalletActionRequestDto,
} from '@app/shared-types';
import { QuoteActionDto, TradeActionDto, WalletActionDto } from './action-requests.dto';
import { ActionOutcome, WalletActionsService } from './wallet-actions.service';

/** Answers carry the core's HTTP status: 201 for a completed deposit or buy, 422 INSUFFICIENT_FUNDS, 502 ... */
@ApiTags('wallet actions')
@Controller('customers/:customerId')
export class WalletActionsController {
  constructor(private readonly wallet: WalletActionsService) {}

  @Post('deposits')
  @ApiOperation({ summary: "Moves AZN from the bank account into the crypto wallet (the core's deposit; the acknowledgement debits the account)" })
  @ApiBody({ type: WalletActionRequestDto, examples: { deposit: { summary: 'Deposit 100.00 AZN', value: { amount: '100.00' } } } })
  @ApiCustomerActionAnswers(
    ['DEPOSIT_COMPLETED', 'BANK_CONNECTION_ERROR', 'BANK_REFUSED'],
    ['INVALID_REQUEST', 'CUSTOMER_NOT_FOUND', 'ACTION_ID_REUSED', 'CORE_UNAVAILABLE'],
  )
  deposit(@Param('customerId') customerId: string, @Body() request: WalletActionDto, @Res({ passthrough: true }) res: Response) {
    return this.wallet.deposit(customerId, request).then((outcome) => answer(res, outcome));
  }

  @Post('withdrawals')
  @ApiOperation({ summary: "Moves AZN from the crypto wallet back to the bank account (the core's withdrawal)" })
  @ApiBody({ type: WalletActionRequestDto, examples: { withdrawal: { summary: 'Withdraw 100.00 AZN', value: { amount: '100.00' } } } })
  @ApiCustomerActionAnswers(
    ['WITHDRAWAL_COMPLETED', 'USER_NOT_FOUND', 'INSUFFICIENT_FUNDS', 'BANK_CONNECTION_ERROR', 'BANK_REFUSED'],
    ['INVALID_REQUEST', 'CUSTOMER_NOT_FOUND', 'ACTION_ID_REUSED', 'CORE_UNAVAILABLE'],
  )
  withdraw(@Param('customerId') customerId: string, @Body() request: WalletActionDto, @Res({ passthrough: true }) res: Response) {
    return this.wallet.withdraw(customerId, request).then((outcome) => answer(res, outcome));
  }

  @Post('quotes')
  @ApiOperation({ summary: "The core's quote: amount in AZN for a BUY (the default), in USDT for a SELL" })
  @ApiBody({ type: QuoteActionRequestDto, examples: { buy: { summary: 'Quote a buy for 50.00 AZN', value: { side: 'BUY', amount: '50.00' } } } })
  @ApiCustomerActionAnswers(
    ['QUOTE', 'USER_NOT_FOUND', 'INSUFFICIENT_LIQUIDITY_UNAVAILABLE'],
    ['INVALID_REQUEST', 'CUSTOMER_NOT_FOUND', 'ACTION_ID_REUSED', 'CORE_UNAVAILABLE'],
  )
  quote(@Param('customerId') customerId: string, @Body() request: QuoteActionDto, @Res({ passthrough: true }) res: Response) {
    return this.wallet.quote(customerId, request).then((outcome) => answer(res, outcome));
  }

  @Post('buys')
  @ApiOperation({ summary: "The core's buy: USDT for amount AZN" })
  @ApiBody({ type: TradeActionRequestDto, examples: { buy: { summary: 'Buy for 50.00 AZN', value: { amount: '50.00' } } } })
  @ApiCustomerActionAnswers(
    ['BUY_COMPLETED', 'BUY_PENDING', 'USER_NOT_FOUND', 'INSUFFICIENT_FUNDS', 'INSUFFICIENT_LIQUIDITY', 'INSUFFICIENT_LIQUIDITY_UNAVAILABLE'],
    ['INVALID_REQUEST', 'CUSTOMER_NOT_FOUND', 'ACTION_ID_REUSED', 'CORE_UNAVAILABLE'],
  )
  buy(@Param('customerId') customerId: string, @Body() request: TradeActionDto, @Res({ passthrough: true }) res: Response) {
    return this.wallet.buy(customerId, request).then((outcome) => answer(res, outcome));
  }

  @Post('sells')
  @ApiOperation({ summary: "The core's sell: amount USDT for AZN" })
  @ApiBody({ type: TradeActionRequestDto, examples: { sell: { summary: 'Sell 50.00 USDT', value: { amount: '50.00' } } } })
  @ApiCustomerActionAnswers(
    ['SELL_COMPLETED', 'SELL_PENDING', 'USER_NOT_FOUND', 'INSUFFICIENT_FUNDS_USDT', 'INSUFFICIENT_LIQUIDITY', 'INSUFFICIENT_LIQUIDITY_UNAVAILABLE'],
    ['INVALID_REQUEST', 'CUSTOMER_NOT_FOUND', 'ACTION_ID_REUSED', 'CORE_UNAVAILABLE'],
  )
  sell(@Param('customerId') customerId: string, @Body() request: TradeActionDto, @Res({ passthrough: true }) res: Response) {
    return this.wallet.sell(customerId, request).then((outcome) => answer(res, outcome));
  }

  @Get('actions')
  @ApiOperation({ summary: "The customer's actions, each with the idempotency key it uses at the core" })
  @ApiOkResponse({ type: [CustomerActionViewDto] })
  @ApiMockBankErrors('CUSTOMER_NOT_FOUND')
  actions(@Param('customerId') customerId: string): Promise<CustomerActionView[]> {
    return this.wallet.list(customerId);
  }

  /** Through the bank, as its app would show it: the core's transaction with its ledger rows. */
  @Get('transactions/:transactionId')
  @ApiOperation({ summary: "One of the customer's core transactions with its ledger rows" })
  @ApiOkResponse({ type: TransactionViewDto, example: TRANSACTION_EXAMPLE.data })
  @ApiMockBankErrors('CUSTOMER_NOT_FOUND', 'TRANSACTION_NOT_FOUND', 'CORE_UNAVAILABLE')
  transaction(@Param('customerId') customerId: string, @Param('transactionId') transactionId: string): Promise<TransactionView> {
    return this.wallet.transaction(customerId, transactionId);
  }
}

function answer(res: Response, outcome: ActionOutcome): CustomerActionResult {
  res.status(outcome.httpStatus);
  return outcome.result;
}
