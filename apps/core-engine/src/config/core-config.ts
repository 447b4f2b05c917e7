import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { ExceedsSumOf } from '@app/shared-types';
import { IsTrustedProxyList } from './trusted-proxies';

/** The Core Engine's settings, read from the environment once at boot (see .env.example). */
export class CoreConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  CORE_ENGINE_PORT = 3000;

  @IsString()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgresql:// URL' })
  DATABASE_URL!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @IsUrl({ require_tld: false, require_protocol: true })
  EXCHANGE_URL = 'http://127.0.0.1:3001';

  /** How long an exchange call may take before its outcome counts as unknown. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60000)
  EXCHANGE_TIMEOUT_MS = 5000;

  /**
   * An order's validity window at the exchange (Binance's recvWindow): every order carries its
   * trade's opening time as `timestamp`, and the exchange refuses it once this has passed. So an
   * order the exchange does not hold after EXCHANGE_TIMEOUT_MS + this was never executed, and
   * reconciliation may fail its trade (docs/reliability.md).
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60000)
  EXCHANGE_RECV_WINDOW_MS = 5000;

  /**
   * Which venue the exchange port speaks to (docs/exchange-venues.md): `mock`, the design's
   * contract at EXCHANGE_URL; or `binance`, Binance Spot REST at BINANCE_BASE_URL, signed.
   */
  @IsIn(['mock', 'binance'], { message: 'EXCHANGE_VENUE must be mock or binance' })
  EXCHANGE_VENUE: 'mock' | 'binance' = 'mock';

  /** With EXCHANGE_VENUE=binance: Binance Spot's REST base URL (default the Spot testnet; the Mock Exchange serves it too). */
  @IsUrl({ require_tld: false, require_protocol: true })
  BINANCE_BASE_URL = 'https://testnet.binance.vision';

  /** With EXCHANGE_VENUE=binance, required: sent as X-MBX-APIKEY. Never logged. */
  @ValidateIf((config: CoreConfig) => config.EXCHANGE_VENUE === 'binance')
  @IsString({ message: 'BINANCE_API_KEY is required with EXCHANGE_VENUE=binance' })
  @Matches(/^\S+$/, { message: 'BINANCE_API_KEY must be a non-empty string without spaces' })
  BINANCE_API_KEY?: string;

  /** With EXCHANGE_VENUE=binance, required: signs every order and lookup (HMAC-SHA256). Never logged. */
  @ValidateIf((config: CoreConfig) => config.EXCHANGE_VENUE === 'binance')
  @IsString({ message: 'BINANCE_API_SECRET is required with EXCHANGE_VENUE=binance' })
  @Matches(/^\S+$/, { message: 'BINANCE_API_SECRET must be a non-empty string without spaces' })
  BINANCE_API_SECRET?: string;

  /**
   * The venue's symbol for the design's AZNUSDT (one USDT priced in AZN): Binance names a
   * market base then quote, so USDT (the crypto, the quantity) then the fiat: USDTAZN. The
   * Core Engine refuses to trade a symbol whose base asset is not USDT.
   */
  @Matches(/^[A-Z0-9]{2,20}$/, { message: 'EXCHANGE_SYMBOL must be 2 to 20 of A-Z, 0-9 (base then quote, e.g. USDTAZN)' })
  EXCHANGE_SYMBOL = 'USDTAZN';

  /** How long a bank may take to acknowledge a deposit or withdrawal before it counts as not given. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60000)
  BANK_ACK_TIMEOUT_MS = 3000;

  /**
   * How often the order matcher reads the exchange's price and triggers the limit and stop
   * orders it crosses, and expires GTD orders (docs/orders.md); 0 turns the loop off (tests
   * drive the matcher themselves).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60000)
  ORDER_MATCH_INTERVAL_MS = 1000;

  /** How many triggered orders the matcher executes at once (each is a trade: an exchange call and two database transactions). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(256)
  ORDER_EXECUTION_CONCURRENCY = 8;

  /** How often reconciliation looks for PENDING transactions; 0 turns it off. It also runs at start. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3600000)
  RECONCILE_INTERVAL_MS = 10000;

  /**
   * Only PENDING transactions older than this are reconciled: younger ones may still be in
   * flight (their exchange or bank call not yet timed out). Above the exchange timeout plus the
   * order's validity window, so "the exchange has no such order" is proof by the time it is asked.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86400000)
  @ExceedsSumOf(['EXCHANGE_TIMEOUT_MS', 'EXCHANGE_RECV_WINDOW_MS'])
  RECONCILE_MIN_AGE_MS = 20000;

  /**
   * How many reconciliation passes may find a trade's order at the exchange and still fail to
   * settle it (an unreadable fill, an order neither filled nor refused, a posting that fails)
   * before the trade is marked for review and left to an operator (docs/reliability.md).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  RECONCILE_MAX_ATTEMPTS = 10;

  /**
   * How far (basis points, either way) a fill's price may be from the market price its trade
   * was priced at and still be posted: a fill outside goes to review instead (issue 22, 2.9).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  FILL_PRICE_BAND_BPS = 500;

  /**
   * How many banks one reconciliation pass works at once (each bank's PENDING transactions in
   * order, oldest first): a bank whose acknowledgement endpoint hangs holds up one of these
   * workers, never the other banks (docs/reliability.md, "A fair scan").
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  RECONCILE_CONCURRENCY = 4;

  /**
   * A deposit or withdrawal whose bank gives no answer at all (timeout, connection failure, no
   * endpoint configured) is marked for review once it is older than this; until then a bank's
   * outage counts against none of its movements (docs/reliability.md).
   */
  @Type(() => Number)
  @IsInt()
  @Min(60000)
  @Max(604800000)
  RECONCILE_UNREACHABLE_REVIEW_AFTER_MS = 86400000;

  /** Requests per second one bank may make, counted once its API key is known (a burst of that size, refilled each second); 0 turns the limit off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000000)
  RATE_LIMIT_PER_SECOND = 200;

  /**
   * Requests per second one client address may make, counted before the API key is looked
   * at: unknown keys cost a database lookup each, and this bounds them. 0 turns it off.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000000)
  RATE_LIMIT_PER_ADDRESS_PER_SECOND = 1000;

  /**
   * The proxies (load balancers) in front of the API whose X-Forwarded-For is believed, in
   * Express's `trust proxy` syntax: a comma list of addresses, CIDR ranges, `loopback`,
   * `linklocal`, `uniquelocal`. The client address (the per-address rate limit's key, the logs'
   * `req.ip`) is then the last address in X-Forwarded-For not in this list. Empty: trust none,
   * the address is the socket's (behind a proxy, every client shares the proxy's budget).
   */
  @IsTrustedProxyList()
  TRUSTED_PROXIES = '';

  /**
   * Where the rate limits keep their counters (redis:// or rediss://). Set it when several
   * replicas serve one API: they then share one budget per bank and per address. Unset: each
   * process counts alone, in memory (N replicas allow N times the limits).
   */
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Put before every rate-limit key in Redis, so deployments (or test runs) sharing one Redis keep apart. */
  @Matches(/^[\w:.-]{1,64}$/, { message: 'REDIS_KEY_PREFIX must be 1-64 letters, digits, _ : . or -' })
  REDIS_KEY_PREFIX = 'crypto-core:';

  /** The port of GET /metrics (Prometheus), apart from the API; 0 serves no metrics. Keep it off the public network. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 9464;

  /**
   * The port of the operator's admin surface (/admin/v1 and its page, docs/operations.md),
   * apart from the API; 0 (the default) serves none. Keep it off the public network.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  ADMIN_PORT = 0;

  /** How often the metrics read from the database (outbox_backlog) are refreshed; a scrape never queries. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3600000)
  METRICS_REFRESH_MS = 5000;

  /** How long an API key's lookup is cached; a revoked key stops working within this time. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(300000)
  API_KEY_CACHE_MS = 5000;

  /** How often the outbox dispatcher looks for trade events to deliver to banks. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(600000)
  OUTBOX_POLL_MS = 500;

  /** The longest wait between two delivery attempts of one event (the backoff doubles up to this). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(86400000)
  OUTBOX_BACKOFF_CAP_MS = 60000;

  /** How long a quote stays firm. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(600000)
  QUOTE_TTL_MS = 15000;

  /**
   * How old a market price may be when a trade without a quote is priced (one ticker call
   * then serves many trades). Quoted trades always read a fresh price for their slippage check.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10000)
  TICKER_MAX_AGE_MS = 500;

  /** The largest amount one buy or deposit may move, in AZN (a plain decimal string). */
  @Matches(/^[1-9][0-9]{0,11}(\.[0-9]{1,2})?$/, { message: 'MAX_OPERATION_AMOUNT_AZN must be a positive decimal string' })
  MAX_OPERATION_AMOUNT_AZN = '100000.00';

  /**
   * The key each customer's salt in the liabilities tree is derived from (HMAC-SHA256, docs/proofs.md):
   * keep it secret, or anyone can test whether a customer id is in a tree. Set your own in production.
   */
  @IsString()
  @MinLength(16, { message: 'PROOF_SALT_SECRET must be at least 16 characters' })
  PROOF_SALT_SECRET = 'dev-proof-salt-secret-change-me';

  /** How often every bank's liabilities snapshot (and a ledger checkpoint) is taken; 0: only on an operator's request. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(604800000)
  PROOF_SNAPSHOT_INTERVAL_MS = 86400000;

  /**
   * The Ed25519 private key that signs ledger checkpoints (PKCS#8, PEM or base64 DER), kept outside
   * the database. Unset: checkpoints are not taken. Rotate by setting a new key and key id: each
   * checkpoint stores the id and public key that signed it.
   */
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsString()
  LEDGER_CHECKPOINT_PRIVATE_KEY?: string;

  @Matches(/^[\w.:-]{1,64}$/, { message: 'LEDGER_CHECKPOINT_KEY_ID must be 1-64 letters, digits, _ . : or -' })
  LEDGER_CHECKPOINT_KEY_ID = 'key-1';

  /**
   * A checkpoint covers ledger rows older than this only: a posting transaction still open may
   * commit a row with a lower id than one already visible, and the chain must not skip it.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3600000)
  LEDGER_CHECKPOINT_SETTLE_MS = 60000;

  @IsOptional()
  @IsString()
  LOG_LEVEL?: string;
}
