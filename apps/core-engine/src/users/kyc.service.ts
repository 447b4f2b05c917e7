import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { KycResponseData } from '@app/shared-types';
import { LimitsService } from '../limits';
import { WalletService } from '../wallet';

/** A bank sets its customer's KYC level, which picks the bank's limits for that customer. */
@Injectable()
export class KycService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly wallet: WalletService,
    private readonly limits: LimitsService,
  ) {}

  /**
   * Sets the level (creating the customer, as a first deposit would, when the bank sets it at
   * onboarding) and answers the limits now in force. Operations already past their phase 1
   * keep the level they were checked at; the next one reads the new level under the User row's
   * lock (LimitsService.claim).
   */
  async setLevel(bankId: string, bankUserId: string, level: number): Promise<KycResponseData> {
    return this.prisma.$transaction(async (tx) => {
      const { userId } = await this.wallet.ensureUser(tx, bankId, bankUserId);
      await tx.user.update({ where: { id: userId }, data: { kycLevel: level }, select: { id: true } });
      return { bankUserId, level, limits: await this.limits.limitsFor(tx, bankId, level) };
    });
  }
}
