import { Controller, Get } from '@nestjs/common';

/** Liveness: answers whatever the fault switches say, so orchestration tells "faulty" from "dead". */
@Controller('health')
export class HealthController {
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
