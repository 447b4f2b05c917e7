import { SetMetadata } from '@nestjs/common';

export const EXEMPT_FROM_FAULTS = 'mockExchange:exemptFromFaults';

/**
 * For the endpoints that must keep working when the exchange is faulty: health (so
 * orchestration tells "up but faulty" from "dead") and the admin API (to switch faults off).
 * Every other endpoint gets the faults by default.
 */
export const ExemptFromFaults = (): ClassDecorator & MethodDecorator => SetMetadata(EXEMPT_FROM_FAULTS, true);
