import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  API_KEY_SECURITY,
  ApiCoreErrors,
  TRANSACTION_EXAMPLE,
  TRANSACTION_LIST_EXAMPLE,
  TransactionListData,
  TransactionListQueryDto,
  TransactionListResponseDto,
  TransactionResponseDto,
  TransactionView,
} from '@app/shared-types';
import { ApiKeyGuard, BankContext, CurrentBank } from '../auth';
import { SuccessEnvelope } from '../errors';
import { TransactionsService } from './transactions.service';

@ApiTags('transactions')
@ApiSecurity(API_KEY_SECURITY)
@Controller('api/v1/transactions')
@UseGuards(ApiKeyGuard)
export class TransactionsController {
  constructor(private readonly transactions: TransactionsService) {}

  @Get()
  @ApiOperation({ summary: "The bank's transactions, newest first, a page at a time (follow nextCursor)" })
  @ApiOkResponse({ type: TransactionListResponseDto, example: TRANSACTION_LIST_EXAMPLE })
  @ApiCoreErrors('VALIDATION_ERROR', 'MISSING_API_KEY', 'INVALID_API_KEY', 'RATE_LIMITED', 'INTERNAL_ERROR', 'SERVICE_BUSY')
  async list(@CurrentBank() bank: BankContext, @Query() query: TransactionListQueryDto): Promise<SuccessEnvelope<TransactionListData>> {
    return { success: true, data: await this.transactions.list(bank.id, query) };
  }

  @Get('by-idempotency-key/:key')
  @ApiOperation({ summary: 'The transaction a request with this x-idempotency-key created, with its ledger rows' })
  @ApiParam({ name: 'key', description: 'The x-idempotency-key the bank sent (a UUID)', example: '7d1b6a8e-2f4c-4c1a-9e3b-5a6d7c8e9f01' })
  @ApiOkResponse({ type: TransactionResponseDto, example: TRANSACTION_EXAMPLE })
  @ApiCoreErrors('MISSING_API_KEY', 'INVALID_API_KEY', 'TRANSACTION_NOT_FOUND', 'RATE_LIMITED', 'INTERNAL_ERROR', 'SERVICE_BUSY')
  async byIdempotencyKey(@CurrentBank() bank: BankContext, @Param('key') key: string): Promise<SuccessEnvelope<TransactionView>> {
    return { success: true, data: await this.transactions.findByIdempotencyKey(bank.id, key) };
  }

  @Get(':id')
  @ApiOperation({ summary: "One of the bank's transactions with its ledger rows (the house's side without balances)" })
  @ApiParam({
    name: 'id',
    description: 'The transaction id (a UUID) from a trade or funding answer',
    example: TRANSACTION_EXAMPLE.data.transactionId,
  })
  @ApiOkResponse({ type: TransactionResponseDto, example: TRANSACTION_EXAMPLE })
  @ApiCoreErrors('MISSING_API_KEY', 'INVALID_API_KEY', 'TRANSACTION_NOT_FOUND', 'RATE_LIMITED', 'INTERNAL_ERROR', 'SERVICE_BUSY')
  async get(@CurrentBank() bank: BankContext, @Param('id') id: string): Promise<SuccessEnvelope<TransactionView>> {
    return { success: true, data: await this.transactions.findForBank(bank.id, id) };
  }
}
