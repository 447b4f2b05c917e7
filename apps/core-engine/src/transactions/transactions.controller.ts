import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { TransactionView } from '@app/shared-types';
import { ApiKeyGuard, BankContext, CurrentBank } from '../auth';
import { SuccessEnvelope } from '../errors';
import { TransactionsService } from './transactions.service';

@Controller('api/v1/transactions')
@UseGuards(ApiKeyGuard)
export class TransactionsController {
  constructor(private readonly transactions: TransactionsService) {}

  @Get(':id')
  async get(@CurrentBank() bank: BankContext, @Param('id') id: string): Promise<SuccessEnvelope<TransactionView>> {
    return { success: true, data: await this.transactions.findForBank(bank.id, id) };
  }
}
