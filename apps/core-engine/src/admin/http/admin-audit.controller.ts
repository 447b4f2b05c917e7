import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { AuditTrail } from '../audit/audit-trail.service';
import { AuditQueryDto } from './admin.dto';
import { OperatorKeyGuard } from './operator-key.guard';

/** The audit trail, newest first; `beforeId` pages back. */
@Controller('admin/v1/audit')
@UseGuards(OperatorKeyGuard)
export class AdminAuditController {
  constructor(private readonly audit: AuditTrail) {}

  @Get()
  async list(@Query() query: AuditQueryDto) {
    return { success: true as const, data: await this.audit.list(query) };
  }
}
