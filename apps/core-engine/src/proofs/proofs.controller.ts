import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  API_KEY_SECURITY,
  ApiCoreErrors,
  BANK_USER_ID_PATTERN,
  LiabilityProofDataDto,
  LiabilityProofResponseDto,
  LiabilityRootsDataDto,
  LiabilityRootsResponseDto,
} from '@app/shared-types';
import { ApiKeyGuard, BankContext, CurrentBank } from '../auth';
import { SuccessEnvelope, UserNotFoundError } from '../errors';
import { LiabilityProofUseCase } from './serve/liability-proof.use-case';

/** The bank's liabilities roots and its customers' inclusion proofs (docs/proofs.md). */
@ApiTags('proofs')
@ApiSecurity(API_KEY_SECURITY)
@Controller('api/v1')
@UseGuards(ApiKeyGuard)
export class ProofsController {
  constructor(private readonly proofs: LiabilityProofUseCase) {}

  @Get('proofs/liabilities')
  @ApiOperation({ summary: "The bank's latest liabilities roots (Merkle-sum tree over its customers' balances), newest first" })
  @ApiOkResponse({ type: LiabilityRootsResponseDto })
  @ApiCoreErrors('MISSING_API_KEY', 'INVALID_API_KEY', 'PROOF_NOT_AVAILABLE', 'RATE_LIMITED', 'INTERNAL_ERROR', 'SERVICE_BUSY')
  async roots(@CurrentBank() bank: BankContext): Promise<SuccessEnvelope<LiabilityRootsDataDto>> {
    return { success: true, data: await this.proofs.roots(bank) };
  }

  @Get('users/:bankUserId/liability-proof')
  @ApiOperation({ summary: "The customer's inclusion proof in the latest snapshot: leaf, salt, path and root (check with npm run proof:verify)" })
  @ApiParam({ name: 'bankUserId', description: "The bank's id for its customer", example: 'user_123' })
  @ApiOkResponse({ type: LiabilityProofResponseDto })
  @ApiCoreErrors('MISSING_API_KEY', 'INVALID_API_KEY', 'USER_NOT_FOUND', 'PROOF_NOT_AVAILABLE', 'RATE_LIMITED', 'INTERNAL_ERROR', 'SERVICE_BUSY')
  async proof(@CurrentBank() bank: BankContext, @Param('bankUserId') bankUserId: string): Promise<SuccessEnvelope<LiabilityProofDataDto>> {
    if (!BANK_USER_ID_PATTERN.test(bankUserId)) throw new UserNotFoundError();
    return { success: true, data: await this.proofs.proof(bank, bankUserId) };
  }
}
