import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { ADMIN_KEY_SECURITY, ApiExchangeErrors } from '@app/shared-types';
import { AdminKeyGuard } from '../admin/admin-key.guard';
import { ExemptFromFaults } from '../faults/exempt-from-faults.decorator';
import { BINANCE_FILL_MODES, BinanceFaults, BinanceFaultsService, BinanceFillMode } from './binance-faults.service';

export class BinanceRateLimitDto {
  @ApiProperty({ enum: [429, 418], example: 429 })
  @IsIn([429, 418])
  status!: 429 | 418;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 3600, example: 2 })
  @IsInt()
  @Min(1)
  @Max(3600)
  retryAfterSeconds!: number;
}

export class UpdateBinanceFaultsDto implements Partial<BinanceFaults> {
  @ApiPropertyOptional({ type: BinanceRateLimitDto, nullable: true, description: 'null: no rate limit' })
  @IsOptional()
  @ValidateNested()
  @Type(() => BinanceRateLimitDto)
  rateLimit?: BinanceRateLimitDto | null;

  @ApiPropertyOptional({ enum: BINANCE_FILL_MODES, example: 'PARTIAL' })
  @IsOptional()
  @IsIn(BINANCE_FILL_MODES)
  fill?: BinanceFillMode;

  @ApiPropertyOptional({ type: 'integer', minimum: -600000, maximum: 600000, example: -3000 })
  @IsOptional()
  @IsInt()
  @Min(-600000)
  @Max(600000)
  clockOffsetMs?: number;
}

/** The Binance routes' own faults (rate limit, partial and expired fills, server clock). */
@ApiTags('admin')
@ApiSecurity(ADMIN_KEY_SECURITY)
@ApiExchangeErrors('UNAUTHORIZED')
@Controller('admin/binance/faults')
@ExemptFromFaults()
@UseGuards(AdminKeyGuard)
export class BinanceFaultsAdminController {
  constructor(private readonly faults: BinanceFaultsService) {}

  @Get()
  @ApiOperation({ summary: 'The /api/v3 faults in force' })
  @ApiOkResponse({ schema: { type: 'object' } })
  view(): BinanceFaults {
    return this.faults.current();
  }

  @Put()
  @ApiOperation({ summary: 'Changes any subset of the /api/v3 faults; answers all of them' })
  @ApiBody({ type: UpdateBinanceFaultsDto, examples: { partial: { summary: 'Half of each order fills', value: { fill: 'PARTIAL' } } } })
  @ApiOkResponse({ schema: { type: 'object' } })
  @ApiExchangeErrors('INVALID_REQUEST')
  update(@Body() update: UpdateBinanceFaultsDto): BinanceFaults {
    return this.faults.update(update);
  }

  @Post('reset')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'No /api/v3 faults' })
  @ApiOkResponse({ schema: { type: 'object' } })
  reset(): BinanceFaults {
    return this.faults.reset();
  }
}
