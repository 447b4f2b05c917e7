import { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import pino, { Level, Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { currentRequestContext, REQUEST_ID_HEADER, requestIdFrom, runInRequestContext } from './request-context';

/** LOG_LEVEL's words (Nest's) and what pino calls them. */
const LEVELS: Record<string, Level> = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/**
 * Never written, whatever object a line carries: credentials, signatures and secrets. The
 * request serializer below keeps no header at all; these paths are the second lock.
 */
const REDACTED = [
  'authorization',
  'cookie',
  'apiKey',
  'secret',
  'webhookSecret',
  'password',
  '*.authorization',
  '*.cookie',
  '*.apiKey',
  '*.secret',
  '*.webhookSecret',
  '*.password',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.headers["x-api-key"]',
  '*.headers["x-admin-key"]',
  '*.headers["x-core-signature"]',
];

/** Probes and scrapes answer all day long: a line each would drown the rest. */
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * One app's logging: JSON lines on stdout (pino), one line per answered request (pino-http),
 * a request id per request (the caller's `x-request-id` when sane, else a new one, echoed in
 * the answer), and a request context (AsyncLocalStorage) so every line and outgoing call made
 * for a request carries its id.
 *
 * nestjs-pino's LoggerModule keeps one pino-http middleware and one root logger per process
 * (the first app's), while the tests run several apps (a silent one beside a logging one) in
 * one process. So each app builds its own here, and Nest's Logger calls are routed to the
 * logger of the request or job they run for, or else to this app's.
 */
export class AppLogging {
  readonly root: Logger;
  /** For NestFactory.create's `logger`: Nest's `new Logger(Context)` calls end up in pino. */
  readonly nest: LoggerService;
  /** Mount before anything else (app.use), so every request, even one refused early, has an id. */
  readonly middleware: (req: Request, res: Response, next: NextFunction) => void;

  /** `destination`: stdout for a service; a shell command logs on stderr, its stdout being its result. */
  constructor(app: string, level: string | undefined, destination: NodeJS.WritableStream = process.stdout) {
    this.root = pino(
      {
        level: level === 'silent' ? 'silent' : (LEVELS[level ?? 'log'] ?? 'info'),
        base: { app },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: REDACTED, censor: '[redacted]' },
      },
      // process.stdout, not pino's own fd writer: tests read what apps print by wrapping it.
      destination,
    );
    this.nest = new NestPinoLogger(new ContextPinoLogger(this.root), {});
    const http = pinoHttp<IncomingMessage, ServerResponse>({
      logger: this.root,
      genReqId: (req, res) => {
        const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
        res.setHeader(REQUEST_ID_HEADER, id);
        return id;
      },
      customAttributeKeys: { reqId: 'requestId' },
      // Lines logged while handling a request carry its id only; the closing line has the rest.
      quietReqLogger: true,
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      // pino-http makes up an Error (with its own stack) for a 5xx; the app logs the real cause.
      customErrorObject: (_req, _res, err, line: Record<string, unknown>) =>
        err.message.startsWith('failed with status code') ? { ...line, err: undefined } : line,
      autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0]) },
    });
    this.middleware = (req, res, next) => {
      http(req, res);
      runInRequestContext({ requestId: typeof req.id === 'string' ? req.id : JSON.stringify(req.id), startedAt: Date.now(), logger: req.log }, next);
    };
  }

  /**
   * Runs a background job (a reconciliation pass, an outbox pass) in a context of its own:
   * a new request id for its lines and the calls it makes.
   */
  runJob<T>(job: string, fn: () => Promise<T>): Promise<T> {
    const requestId = randomUUID();
    return runInRequestContext({ requestId, startedAt: Date.now(), logger: this.root.child({ requestId, job }) }, fn);
  }
}

/** nestjs-pino's PinoLogger, resolving to the current request's or job's logger, else the app's. */
class ContextPinoLogger extends PinoLogger {
  constructor(private readonly appLogger: Logger) {
    super({ pinoHttp: { logger: appLogger } });
  }

  override get logger(): Logger {
    return currentRequestContext()?.logger ?? this.appLogger;
  }
}
