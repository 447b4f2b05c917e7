import { INestApplication, INestApplicationContext, Module, ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { AppLogging, CORE_ENGINE_OPENAPI, setupOpenApi } from '@app/shared-types';
import { AppModule } from './app.module';
import { CoreConfig, trustedProxyEntries } from './config';
import { ApiExceptionFilter, apiValidationPipe } from './http';
import { MetricsService } from './metrics';

/** The Core Engine as main.ts runs it and as the e2e tests build it. */
export async function createCoreApp(config: CoreConfig): Promise<INestApplication> {
  // Given explicitly every time (also "silent"): Nest's logger is process-wide and would
  // otherwise stay as a previous app in the same process left it.
  const logging = new AppLogging('core-engine', config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logging), {
    bodyParser: false,
    logger: logging.nest,
  });
  applyTrustedProxies(app, config);
  // First: every request gets its id, its closing log line and its timing, even one refused early.
  app.use(logging.middleware);
  app.use(app.get(MetricsService).httpMiddleware);
  // Bodies are small JSON documents; anything larger is refused before it is parsed.
  app.useBodyParser('json', { limit: '16kb' });
  // Standard security headers (no sniffing, no framing, HSTS, no X-Powered-By).
  app.use(helmet());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalPipes(apiValidationPipe());
  setupOpenApi(app, CORE_ENGINE_OPENAPI);
  // Signals are main.ts's (closeGracefullyOnSignals): the server drains before the modules close.
  return app;
}

/**
 * Express's `trust proxy` from TRUSTED_PROXIES: `req.ip` (the per-address rate limit's key,
 * http/rate-limit.guard.ts) is then the last X-Forwarded-For address not in the list, the
 * header read only when the socket's peer is a listed proxy; empty trusts no one (req.ip is
 * the socket's address). docs/scaling.md, Trusted proxies.
 */
export function applyTrustedProxies(app: NestExpressApplication, config: CoreConfig): void {
  const proxies = trustedProxyEntries(config.TRUSTED_PROXIES);
  app.set('trust proxy', proxies.length > 0 ? proxies : false);
}

/** The root of a shell command's context: the Core Engine's modules and the command's own. */
@Module({})
class CommandContextModule {}

/**
 * The Core Engine's services without its HTTP server, reconciliation timer, metrics port,
 * shared rate limits or webhook delivery, for operator commands (npm run admin): they call the
 * same use cases the API and the reconciler do, with `modules` added (the admin use cases).
 * Logs go to stderr, warnings and errors only (LOG_LEVEL error or silent: fewer): a command's
 * stdout is its result, and Nest's start-up lines would bury its message.
 */
export async function createCoreContext(config: CoreConfig, ...modules: NonNullable<ModuleMetadata['imports']>): Promise<INestApplicationContext> {
  const level = config.LOG_LEVEL === 'error' || config.LOG_LEVEL === 'silent' ? config.LOG_LEVEL : 'warn';
  const logging = new AppLogging('core-engine', level, process.stderr);
  const quiet = Object.assign(new CoreConfig(), config, {
    RECONCILE_INTERVAL_MS: 0,
    ORDER_MATCH_INTERVAL_MS: 0,
    METRICS_PORT: 0,
    REDIS_URL: undefined,
  });
  const core = AppModule.forRoot(quiet, logging, { deliverEvents: false });
  return NestFactory.createApplicationContext({ module: CommandContextModule, imports: [core, ...modules] }, { logger: logging.nest });
}
