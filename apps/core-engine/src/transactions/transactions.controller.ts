import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { API_KEY_SECURITY, ApiCoreErrors, TRANSACTION_EXAMPLE, TransactionResponseDto, TransactionView } from '@app/shared-types';
import { ApiKeyGuard, BankContext, CurrentBank } from '../auth';
import { SuccessEnvelope } from '../errors';
import { TransactionsService } from './transactions.service';

@ApiTags('transactions')
@ApiSecurity(API_KEY_SECURITY)
@Controller('api/v1/transactions')
@UseGuards(ApiKeyGuard)
export class TransactionsController {
  constructor(private readonly transactions: TransactionsService) {}

  @Get(':id')
  @ApiOperation({ summary: 'One of the bank\'s transactions with its ledger rows' })
  @ApiParam({
    name: 'id',
    description: 'The transaction id (a UUID) from a trade or funding answer',
    example: TRANSACTION_EXAMPLE.data.transactionId,
  })
  @ApiOkResponse({ type: TransactionResponseDto, example: TRANSACTION_EXAMPLE })
  @ApiCoreErrors('MISSING_API_KEY', 'INVALID_API_KEY', 'TRANSACTION_NOT_FOUND', 'RATE_LIMITED', 'SERVICE_BUSY')
  async get(@CurrentBank() bank: BankContext, @Param('id') id: string): Promise<SuccessEnvelope<TransactionView>> {
    return { success: true, data: await this.transactions.findForBank(bank.id, id) };
  }
}
