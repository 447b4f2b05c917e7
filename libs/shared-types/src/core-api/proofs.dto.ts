import { ApiProperty } from '@nestjs/swagger';

/**
 * GET /api/v1/proofs/liabilities and GET /api/v1/users/{bankUserId}/liability-proof: the bank's
 * Merkle-sum tree roots and a customer's inclusion proof (docs/proofs.md has the byte layout).
 */
const HEX = { type: String, pattern: '^[0-9a-f]{64}$' } as const;
const AMOUNT = { type: String, pattern: '^[0-9]+\\.[0-9]{8}$' } as const;

export class ProofAmountsDto {
  @ApiProperty({ ...AMOUNT, example: '150.00000000', description: 'AZN, 8 decimals (the ledger scale).' })
  AZN!: string;

  @ApiProperty({ ...AMOUNT, example: '58.47000000', description: 'USDT, 8 decimals (the ledger scale).' })
  USDT!: string;
}

export class LiabilityRootDto {
  @ApiProperty({ type: String, format: 'uuid' })
  snapshotId!: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'The moment of the database snapshot the balances were read in.' })
  takenAt!: string;

  @ApiProperty({ ...HEX, description: 'The root commitment: SHA-256 over the top node, its sums and the leaf count.' })
  rootHash!: string;

  @ApiProperty({ type: Number, example: 1200 })
  leafCount!: number;

  @ApiProperty({ type: Number, example: 11 })
  height!: number;

  @ApiProperty({ type: ProofAmountsDto, description: "The tree's totals: the customers' balances, equal to the ledger's rows on their accounts." })
  totals!: ProofAmountsDto;
}

export class LiabilityRootsDataDto {
  @ApiProperty({ type: String, example: 'demo-bank' })
  bankCode!: string;

  @ApiProperty({ type: [LiabilityRootDto], description: 'Newest first, at most 30.' })
  roots!: LiabilityRootDto[];
}

export class LiabilityRootsResponseDto {
  @ApiProperty({ type: Boolean, enum: [true], example: true })
  success!: true;

  @ApiProperty({ type: LiabilityRootsDataDto })
  data!: LiabilityRootsDataDto;
}

export class ProofLeafDto {
  @ApiProperty({ type: String, example: 'user_123' })
  bankUserId!: string;

  @ApiProperty({ ...HEX, description: "The customer's salt in this snapshot: give it to this customer only." })
  salt!: string;

  @ApiProperty({ type: Number, example: 4 })
  position!: number;

  @ApiProperty({ type: ProofAmountsDto })
  balances!: ProofAmountsDto;
}

export class ProofStepDto {
  @ApiProperty({ ...HEX })
  hash!: string;

  @ApiProperty({ type: ProofAmountsDto })
  sums!: ProofAmountsDto;
}

export class ProofRootDto {
  @ApiProperty({ ...HEX })
  hash!: string;

  @ApiProperty({ type: ProofAmountsDto })
  sums!: ProofAmountsDto;

  @ApiProperty({ type: Number, example: 6 })
  leafCount!: number;

  @ApiProperty({ type: Number, example: 3 })
  height!: number;
}

export class LiabilityProofDataDto {
  @ApiProperty({ type: Number, enum: [1], example: 1 })
  version!: 1;

  @ApiProperty({ type: String, example: 'demo-bank' })
  bankCode!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  snapshotId!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  takenAt!: string;

  @ApiProperty({ type: [String], enum: ['AZN', 'USDT'], example: ['AZN', 'USDT'] })
  currencies!: ('AZN' | 'USDT')[];

  @ApiProperty({ type: ProofLeafDto })
  leaf!: ProofLeafDto;

  @ApiProperty({ type: [ProofStepDto], description: 'The sibling at each level from the leaf up (root.height steps).' })
  path!: ProofStepDto[];

  @ApiProperty({ type: ProofRootDto })
  root!: ProofRootDto;
}

export class LiabilityProofResponseDto {
  @ApiProperty({ type: Boolean, enum: [true], example: true })
  success!: true;

  @ApiProperty({ type: LiabilityProofDataDto })
  data!: LiabilityProofDataDto;
}
