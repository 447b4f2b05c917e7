import { ArgumentsHost, Catch, ExceptionFilter, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';

/**
 * For readiness controllers: a failed @nestjs/terminus check throws a 503 whose body names
 * each dependency and its state. Each app's global filter would turn that into its own
 * generic error; on these controllers it goes out as terminus wrote it.
 */
@Catch(ServiceUnavailableException)
export class HealthCheckFailedFilter implements ExceptionFilter {
  catch(exception: ServiceUnavailableException, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    // As @HealthCheck() does for the 200: a probe must never see a cached answer.
    res.setHeader('Cache-Control', 'no-cache, no-store, must-revalidate');
    res.status(exception.getStatus()).json(exception.getResponse());
  }
}
