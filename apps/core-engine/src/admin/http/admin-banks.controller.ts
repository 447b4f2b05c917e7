import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, UseGuards } from '@nestjs/common';
import { AdminActor } from '../audit/audit-trail.service';
import { BankKeysUseCases } from '../banks/bank-keys.use-cases';
import { BankLimitsUseCases } from '../banks/bank-limits.use-cases';
import { BanksUseCases } from '../banks/banks.use-cases';
import { WebhookSecretRotation } from '../banks/webhook-secret.use-case';
import { BankSettingsDto, CreateBankDto, CreateKeyDto, LimitPathDto, RotateSecretDto, SetLimitDto } from './admin.dto';
import { CurrentActor, OperatorKeyGuard } from './operator-key.guard';

const ok = <T>(data: T) => ({ success: true as const, data });

/** Bank partners, their keys and their KYC limits (docs/operations.md). */
@Controller('admin/v1/banks')
@UseGuards(OperatorKeyGuard)
export class AdminBanksController {
  constructor(
    private readonly banks: BanksUseCases,
    private readonly keys: BankKeysUseCases,
    private readonly secrets: WebhookSecretRotation,
    private readonly limits: BankLimitsUseCases,
  ) {}

  @Get()
  async list() {
    return ok(await this.banks.list());
  }

  /** 201 with the webhook secret, shown this once. */
  @Post()
  async create(@CurrentActor() actor: AdminActor, @Body() body: CreateBankDto) {
    return ok(await this.banks.create(actor, body));
  }

  @Get(':code')
  async show(@Param('code') code: string) {
    return ok(await this.banks.show(code));
  }

  @Patch(':code')
  async update(@CurrentActor() actor: AdminActor, @Param('code') code: string, @Body() body: BankSettingsDto) {
    return ok(await this.banks.update(actor, code, body));
  }

  @Post(':code/suspend')
  @HttpCode(200)
  async suspend(@CurrentActor() actor: AdminActor, @Param('code') code: string) {
    return ok(await this.banks.suspend(actor, code));
  }

  @Post(':code/resume')
  @HttpCode(200)
  async resume(@CurrentActor() actor: AdminActor, @Param('code') code: string) {
    return ok(await this.banks.resume(actor, code));
  }

  /** 200 with the new secret, shown this once; the old one signs beside it for overlapSeconds. */
  @Post(':code/webhook-secret/rotate')
  @HttpCode(200)
  async rotateSecret(@CurrentActor() actor: AdminActor, @Param('code') code: string, @Body() body: RotateSecretDto) {
    return ok(await this.secrets.rotate(actor, code, body.overlapSeconds));
  }

  @Post(':code/webhook-secret/end-overlap')
  @HttpCode(200)
  async endOverlap(@CurrentActor() actor: AdminActor, @Param('code') code: string) {
    return ok(await this.secrets.endOverlap(actor, code));
  }

  @Get(':code/keys')
  async listKeys(@Param('code') code: string) {
    return ok(await this.keys.list(code));
  }

  /** 201 with the key, shown this once. */
  @Post(':code/keys')
  async createKey(@CurrentActor() actor: AdminActor, @Param('code') code: string, @Body() body: CreateKeyDto) {
    return ok(await this.keys.create(actor, code, body.label));
  }

  @Post(':code/keys/:keyId/revoke')
  @HttpCode(200)
  async revokeKey(@CurrentActor() actor: AdminActor, @Param('code') code: string, @Param('keyId') keyId: string) {
    return ok(await this.keys.revoke(actor, code, keyId));
  }

  @Get(':code/limits')
  async listLimits(@Param('code') code: string) {
    return ok(await this.limits.list(code));
  }

  /** Creates or replaces the row of one level and operation: 200 with it. */
  @Put(':code/limits/:level/:operation')
  async setLimit(@CurrentActor() actor: AdminActor, @Param() path: LimitPathDto, @Body() body: SetLimitDto) {
    return ok(await this.limits.set(actor, path.code, path.level, path.operation, body));
  }
}
