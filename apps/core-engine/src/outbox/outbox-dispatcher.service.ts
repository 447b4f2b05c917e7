import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { AxiosError } from 'axios';
import { PrismaService } from '@app/database';
import { AppLogging, requestIdHeaders, signedHeaders } from '@app/shared-types';
import { secretsInForce } from '../bank-gateway/webhook-secrets';

export interface OutboxDispatcherOptions {
  /** Pause between two looks for due events (none waits longer when a batch came back full). */
  pollMs: number;
  /** Events claimed and sent per look. */
  batchSize: number;
  /** One delivery attempt; a slower bank counts as not having acknowledged. */
  requestTimeoutMs: number;
  /** Wait after the first failed attempt; it doubles per attempt... */
  backoffBaseMs: number;
  /** ...up to this. */
  backoffCapMs: number;
  /** After this many failed attempts an event is DEAD (an operator replays it). */
  maxAttempts: number;
  /** false: the app never sends webhooks (the events wait in the table). */
  enabled: boolean;
}

export const OUTBOX_DISPATCHER_OPTIONS = Symbol('OUTBOX_DISPATCHER_OPTIONS');

/**
 * At the cap of 60 s, 1000 attempts are more than 16 hours of retries: a bank that is down
 * for a while loses nothing.
 */
export const DEFAULT_OUTBOX_DISPATCHER_OPTIONS: OutboxDispatcherOptions = {
  pollMs: 500,
  batchSize: 20,
  requestTimeoutMs: 5000,
  backoffBaseMs: 1000,
  backoffCapMs: 60000,
  maxAttempts: 1000,
  enabled: true,
};

/** Jitter spreads the retries of many events failing together (a bank back up is not hit all at once). */
const JITTER = 0.1;
/** Stored errors are for people reading a row, not for whole HTML error pages. */
const MAX_ERROR_LENGTH = 500;

/**
 * How long to wait after failed attempt number `attempt` (1-based): base x 2^(attempt-1),
 * capped, minus up to 10% jitter (so never above the cap).
 */
export function retryDelayMs(
  attempt: number,
  options: Pick<OutboxDispatcherOptions, 'backoffBaseMs' | 'backoffCapMs'>,
  random = Math.random(),
): number {
  const exponential = options.backoffBaseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40);
  return Math.round(Math.min(options.backoffCapMs, exponential) * (1 - JITTER * random));
}

interface ClaimedEvent {
  id: string;
  type: string;
  payload: string;
  attempts: number;
  bankCode: string;
  webhookUrl: string;
  webhookSecret: string;
  /** The secret before a rotation, while its overlap lasts (null otherwise): the webhook is signed with both. */
  previousWebhookSecret: string | null;
}

/**
 * Delivers the outbox: PENDING events whose time has come are POSTed, signed, to their
 * bank's webhookUrl until the bank answers 2xx. Several Core Engine processes may run it
 * at once: an event is claimed (SKIP LOCKED, then leased by moving nextAttemptAt past the
 * request timeout) so no two send it at the same moment. Delivery is at least once: a
 * process dying after the bank's 2xx but before recording it lets the lease expire and
 * the event is sent again; banks dedupe by event id.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private stopping = false;
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly http: HttpService,
    @Inject(OUTBOX_DISPATCHER_OPTIONS) private readonly options: OutboxDispatcherOptions,
    /** The app's logging: each pass runs as a job with a request id of its own (absent when the module is tested alone). */
    @Optional() private readonly logging?: AppLogging,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.enabled) {
      this.logger.warn('webhook delivery is disabled: outbox events wait in the table');
      return;
    }
    this.schedule(0);
  }

  /** Stops polling, cuts deliveries short and waits for the pass in progress, so app.close() returns promptly. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    for (const controller of this.inFlight) controller.abort();
    await this.pass;
  }

  /**
   * One pass: claims up to batchSize due events and tries each once. Returns how many were
   * claimed. The timer calls it; tests call it directly.
   */
  async dispatchDue(): Promise<number> {
    const claimed = await this.claim();
    const outcomes = await Promise.all(claimed.map((event) => this.deliver(event)));
    await this.markDelivered(outcomes.filter((o): o is Delivered => o !== null));
    return claimed.length;
  }

  /**
   * The pass's delivered events, marked in one statement rather than one per event (the
   * bench: about one statement per trade). Their leases still hold until then, so no other
   * dispatcher claims them meanwhile.
   */
  private async markDelivered(delivered: Delivered[]): Promise<void> {
    if (delivered.length === 0) return;
    const ids = delivered.map((d) => d.id);
    await this.prisma.$executeRaw`
      UPDATE "OutboxEvent"
         SET status = 'DELIVERED', "deliveredAt" = now(), attempts = attempts + 1, "lastError" = NULL
       WHERE id = ANY(${ids}::uuid[]) AND status = 'PENDING'`;
    for (const d of delivered) this.logger.log({ ...d.log, outcome: 'delivered' });
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.pass = this.safePass().then((claimed) => {
        this.pass = undefined;
        if (!this.stopping) this.schedule(claimed >= this.options.batchSize ? 0 : this.options.pollMs);
      });
    }, delayMs);
  }

  /** A failed pass (database away, say) is logged and the next one tries again: it never takes the app down. */
  private async safePass(): Promise<number> {
    try {
      return await (this.logging ? this.logging.runJob('outbox', () => this.dispatchDue()) : this.dispatchDue());
    } catch (err) {
      if (!this.stopping) this.logger.error(`outbox pass failed: ${describe(err)}`);
      return 0;
    }
  }

  /**
   * One statement, so one short transaction: locks due rows other processes have not
   * locked (SKIP LOCKED) and leases them by moving nextAttemptAt beyond the time one
   * delivery may take. Banks without a webhook endpoint are skipped (nothing is queued for
   * them; rows left from before their endpoint was removed wait for one).
   */
  private async claim(): Promise<ClaimedEvent[]> {
    const leaseMs = this.options.requestTimeoutMs + 5000;
    return this.prisma.$queryRaw<ClaimedEvent[]>`
      WITH due AS (
        SELECT e.id
          FROM "OutboxEvent" e
          JOIN "Bank" b ON b.id = e."bankId"
         WHERE e.status = 'PENDING'
           AND e."nextAttemptAt" <= now()
           AND b."webhookUrl" IS NOT NULL
           AND b."webhookSecret" IS NOT NULL
         ORDER BY e."nextAttemptAt"
         LIMIT ${this.options.batchSize}
           FOR UPDATE OF e SKIP LOCKED
      )
      UPDATE "OutboxEvent" o
         SET "nextAttemptAt" = now() + ${leaseMs}::double precision * interval '1 millisecond'
        FROM due, "Bank" b
       WHERE o.id = due.id AND b.id = o."bankId"
      RETURNING o.id, o.type, o.payload, o.attempts,
                b.code AS "bankCode", b."webhookUrl" AS "webhookUrl", b."webhookSecret" AS "webhookSecret",
                CASE WHEN b."webhookSecretPreviousUntil" > now() THEN b."webhookSecretPrevious" END AS "previousWebhookSecret"`;
  }

  /** One attempt; a delivered event is returned for markDelivered, anything else is recorded here. */
  private async deliver(event: ClaimedEvent): Promise<Delivered | null> {
    const attempt = event.attempts + 1;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const started = Date.now();
    let failure: string | null = null;
    let httpStatus: number | null = null;
    try {
      // Signed just before sending: a retry hours later carries a fresh timestamp.
      const res = await this.http.axiosRef.post<string>(event.webhookUrl, event.payload, {
        headers: {
          ...signedHeaders(secretsInForce(event.webhookSecret, event.previousWebhookSecret), event.payload, { eventId: event.id }),
          ...requestIdHeaders(),
        },
        timeout: this.options.requestTimeoutMs,
        signal: controller.signal,
        maxRedirects: 0,
        responseType: 'text',
        transformResponse: (data: string) => data,
        validateStatus: () => true,
      });
      httpStatus = res.status;
      if (res.status < 200 || res.status >= 300) failure = `HTTP ${res.status}`;
    } catch (err) {
      failure = describe(err);
    } finally {
      this.inFlight.delete(controller);
    }
    const log = {
      event: 'webhook.delivery',
      eventId: event.id,
      type: event.type,
      bank: event.bankCode,
      attempt,
      httpStatus,
      ms: Date.now() - started,
    };

    if (failure === null) return { id: event.id, log };
    if (this.stopping) {
      // Cut short by shutdown, not refused by the bank: no attempt is counted, the lease expires and any process retries.
      this.logger.log({ ...log, outcome: 'interrupted', error: failure });
      return null;
    }
    const dead = attempt >= this.options.maxAttempts;
    const delayMs = retryDelayMs(attempt, this.options);
    await this.prisma.$executeRaw`
      UPDATE "OutboxEvent"
         SET attempts = attempts + 1,
             "lastError" = ${failure.slice(0, MAX_ERROR_LENGTH)},
             status = ${dead ? 'DEAD' : 'PENDING'}::"OutboxStatus",
             "nextAttemptAt" = now() + ${delayMs}::double precision * interval '1 millisecond'
       WHERE id = ${event.id}::uuid AND status = 'PENDING'`;
    if (dead) this.logger.error({ ...log, outcome: 'dead', error: failure });
    else this.logger.warn({ ...log, outcome: 'failed', error: failure, retryInMs: delayMs });
    return null;
  }
}

interface Delivered {
  id: string;
  log: Record<string, unknown>;
}

function describe(err: unknown): string {
  if (err instanceof AxiosError) return err.code ? `${err.code}: ${err.message}` : err.message;
  return err instanceof Error ? err.message : String(err);
}
