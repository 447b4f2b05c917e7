import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  API_KEY_SECURITY,
  ApiCoreErrors,
  DEPOSIT_COMPLETED_EXAMPLE,
  DepositRequestDto,
  FUNDING_PENDING_EXAMPLE,
  FundingPendingResponseDto,
  FundingResponseDto,
  IDEMPOTENCY_KEY_ALIAS_HEADER_DOC,
  IDEMPOTENCY_KEY_HEADER_DOC,
  WITHDRAW_COMPLETED_EXAMPLE,
  WithdrawRequestDto,
} from '@app/shared-types';
import { ApiKeyGuard, BankContext, CurrentBank } from '../auth';
import { IdempotencyKey, sendResult } from '../http';
import { DepositUseCase } from './deposit.use-case';
import { WithdrawUseCase } from './withdraw.use-case';

@ApiTags('funding')
@ApiSecurity(API_KEY_SECURITY)
@ApiHeader(IDEMPOTENCY_KEY_HEADER_DOC)
@ApiHeader(IDEMPOTENCY_KEY_ALIAS_HEADER_DOC)
@ApiCoreErrors('MISSING_API_KEY', 'INVALID_API_KEY', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED', 'INTERNAL_ERROR')
@Controller('api/v1/funding')
@UseGuards(ApiKeyGuard)
export class FundingController {
  constructor(
    private readonly depositUseCase: DepositUseCase,
    private readonly withdrawUseCase: WithdrawUseCase,
  ) {}

  /**
   * 201 COMPLETED once the bank acknowledged; 202 PENDING when it acknowledged and the booking
   * failed (reconciliation books it); 502 BANK_REFUSED (FAILED) or BANK_CONNECTION_ERROR (PENDING,
   * retry) otherwise, nothing credited.
   */
  @Post('deposit')
  @ApiOperation({ summary: "Credits a customer's AZN once the bank acknowledged it moved the money (creates the customer on first deposit)" })
  @ApiCreatedResponse({ description: 'COMPLETED', type: FundingResponseDto, example: DEPOSIT_COMPLETED_EXAMPLE })
  @ApiAcceptedResponse({
    description: 'PENDING: the bank acknowledged and the booking failed; the bank has moved the money, reconciliation books it',
    type: FundingPendingResponseDto,
    example: FUNDING_PENDING_EXAMPLE,
  })
  @ApiCoreErrors(
    'VALIDATION_ERROR',
    'MALFORMED_JSON',
    'MISSING_IDEMPOTENCY_KEY',
    'INVALID_IDEMPOTENCY_KEY',
    'IDEMPOTENCY_KEY_CONFLICT',
    'IDEMPOTENCY_IN_PROGRESS',
    'CONCURRENT_UPDATE',
    'AMOUNT_TOO_SMALL',
    'AMOUNT_TOO_LARGE',
    'IDEMPOTENCY_KEY_REUSED',
    'BANK_CONNECTION_ERROR',
    'BANK_REFUSED',
    'SERVICE_BUSY',
  )
  async deposit(
    @CurrentBank() bank: BankContext,
    @IdempotencyKey() key: string,
    @Body() body: DepositRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendResult(res, await this.depositUseCase.execute(bank, key, body));
  }

  /** 201 COMPLETED once the bank acknowledged the payout; 202 PENDING when its booking failed after it (hold kept); 502 BANK_REFUSED or BANK_CONNECTION_ERROR otherwise. */
  @Post('withdraw')
  @ApiOperation({ summary: "Pays AZN back to the customer's bank account: hold, the bank's acknowledgement, then debit" })
  @ApiCreatedResponse({ description: 'COMPLETED', type: FundingResponseDto, example: WITHDRAW_COMPLETED_EXAMPLE })
  @ApiAcceptedResponse({
    description: 'PENDING: the bank paid and the booking failed; the hold stays, reconciliation debits it',
    type: FundingPendingResponseDto,
    example: FUNDING_PENDING_EXAMPLE,
  })
  @ApiCoreErrors(
    'VALIDATION_ERROR',
    'MALFORMED_JSON',
    'MISSING_IDEMPOTENCY_KEY',
    'INVALID_IDEMPOTENCY_KEY',
    'IDEMPOTENCY_KEY_CONFLICT',
    'USER_NOT_FOUND',
    'IDEMPOTENCY_IN_PROGRESS',
    'CONCURRENT_UPDATE',
    'INSUFFICIENT_FUNDS',
    'AMOUNT_TOO_SMALL',
    'AMOUNT_TOO_LARGE',
    'IDEMPOTENCY_KEY_REUSED',
    'BANK_CONNECTION_ERROR',
    'BANK_REFUSED',
    'SERVICE_BUSY',
  )
  async withdraw(
    @CurrentBank() bank: BankContext,
    @IdempotencyKey() key: string,
    @Body() body: WithdrawRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendResult(res, await this.withdrawUseCase.execute(bank, key, body));
  }
}
