import { Controller, Get } from '@nestjs/common';
import { ExemptFromFaults } from '../faults/exempt-from-faults.decorator';

/** Answers even when faults are on: "up but faulty" stays distinguishable from "dead". */
@Controller('health')
@ExemptFromFaults()
export class HealthController {
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
