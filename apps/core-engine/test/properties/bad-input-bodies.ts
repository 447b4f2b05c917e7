import fc from 'fast-check';
import {
  ABSENT,
  badCurrency,
  badSide,
  jsonObjectText,
  malformedAmount,
  malformedBankUserId,
  malformedQuoteId,
  notAString,
  overLimitAmount,
  unknownBankUserId,
  unknownField,
  unknownQuoteId,
  zeroAmount,
} from './bad-input-arbitraries';
import type { BadRequest, RefusalCode } from './bad-input-world';

/**
 * One field of a valid body made wrong, with the refusal it earns and the stage of the
 * documented order of checks that refuses it: 0 is the DTO (VALIDATION_ERROR, every
 * problem at once), then each use case's own order (docs/errors.md, "Order of checks").
 * With several wrong fields, the lowest stage answers.
 */
export interface Mutation {
  field: string;
  value: unknown;
  code: RefusalCode;
  stage: number;
}

export interface BodyEndpoint {
  name: string;
  path: string;
  /** Takes x-idempotency-key. */
  idempotent: boolean;
  /** The DTO's fields. */
  fields: readonly string[];
  /** A body the endpoint would carry out. */
  valid: Readonly<Record<string, unknown>>;
  /** Per field, the ways to make it wrong. */
  mutations: Readonly<Record<string, fc.Arbitrary<Mutation>>>;
}

const at =
  (field: string, stage: number, code: RefusalCode) =>
  (value: unknown): Mutation => ({ field, value, code, stage });

const dto = (field: string, values: fc.Arbitrary<unknown>) =>
  fc.oneof(values.map(at(field, 0, 'VALIDATION_ERROR')), fc.constant(ABSENT).map(at(field, 0, 'VALIDATION_ERROR')));

const amountOf = (field: string) => dto(field, fc.oneof(malformedAmount, notAString({ withNull: true })));

/**
 * Every body endpoint, valid bodies naming `payer` (funded: 900 AZN and about 58 USDT after
 * the world's deposit and buy). The amounts that are only wrong for this payer's balance
 * (INSUFFICIENT_FUNDS) exercise the deepest code: a hold that fails and is rolled back.
 */
export function bodyEndpoints(payer: string, stranger: string): BodyEndpoint[] {
  const userGone = (stage: number) => unknownBankUserId(payer, stranger).map(at('bankUserId', stage, 'USER_NOT_FOUND'));
  const badUser = dto('bankUserId', fc.oneof(malformedBankUserId, notAString({ withNull: true })));
  const quoteId = (stage: number) =>
    fc.oneof(malformedQuoteId.map(at('quoteId', 0, 'VALIDATION_ERROR')), unknownQuoteId.map(at('quoteId', stage, 'QUOTE_NOT_FOUND')));

  return [
    {
      name: 'buy',
      path: '/api/v1/trade/buy',
      idempotent: true,
      fields: ['bankUserId', 'quoteId', 'amount', 'currency'],
      valid: { bankUserId: payer, amount: '10.00', currency: 'AZN' },
      mutations: {
        // stages: amount limits 1, user 2, quote 3, hold 4
        bankUserId: fc.oneof(badUser, userGone(2)),
        amount: fc.oneof(
          amountOf('amount'),
          zeroAmount.map(at('amount', 1, 'AMOUNT_TOO_SMALL')),
          overLimitAmount.map(at('amount', 1, 'AMOUNT_TOO_LARGE')),
          fc.integer({ min: 2000, max: 99999 }).map((n) => at('amount', 4, 'INSUFFICIENT_FUNDS')(`${n}.00`)),
        ),
        currency: dto('currency', badCurrency(['AZN'])),
        quoteId: quoteId(3),
      },
    },
    {
      name: 'sell',
      path: '/api/v1/trade/sell',
      idempotent: true,
      fields: ['bankUserId', 'quoteId', 'amount', 'currency'],
      valid: { bankUserId: payer, amount: '1.00', currency: 'USDT' },
      mutations: {
        // stages: amount > 0 1, user 2, quote 3, AZN worth within the limit 4, hold 5
        bankUserId: fc.oneof(badUser, userGone(2)),
        amount: fc.oneof(
          amountOf('amount'),
          zeroAmount.map(at('amount', 1, 'AMOUNT_TOO_SMALL')),
          overLimitAmount.map(at('amount', 4, 'AMOUNT_TOO_LARGE')),
          fc.integer({ min: 100, max: 50000 }).map((n) => at('amount', 5, 'INSUFFICIENT_FUNDS')(`${n}.00`)),
        ),
        currency: dto('currency', badCurrency(['USDT'])),
        quoteId: quoteId(3),
      },
    },
    ...(['BUY', 'SELL'] as const).map(
      (side): BodyEndpoint => ({
        name: `quote ${side}`,
        path: '/api/v1/trade/quote',
        idempotent: false,
        fields: ['bankUserId', 'side', 'amount', 'currency'],
        valid: { bankUserId: payer, side, amount: '10.00', currency: side === 'BUY' ? 'AZN' : 'USDT' },
        mutations: {
          // stages: user 1, currency matches the side 2, amount limits 3
          bankUserId: fc.oneof(badUser, userGone(1)),
          side: dto('side', badSide),
          amount: fc.oneof(
            amountOf('amount'),
            zeroAmount.map(at('amount', 3, 'AMOUNT_TOO_SMALL')),
            overLimitAmount.map(at('amount', 3, 'AMOUNT_TOO_LARGE')),
          ),
          currency: fc.oneof(
            dto('currency', badCurrency(['AZN', 'USDT'])),
            fc.constant(side === 'BUY' ? 'USDT' : 'AZN').map(at('currency', 2, 'VALIDATION_ERROR')),
          ),
        },
      }),
    ),
    {
      name: 'deposit',
      path: '/api/v1/funding/deposit',
      idempotent: true,
      fields: ['bankUserId', 'amount', 'currency'],
      valid: { bankUserId: payer, amount: '10.00', currency: 'AZN' },
      mutations: {
        // a well-formed unknown bankUserId is not wrong here: a first deposit creates the user
        bankUserId: badUser,
        amount: fc.oneof(
          amountOf('amount'),
          zeroAmount.map(at('amount', 1, 'AMOUNT_TOO_SMALL')),
          overLimitAmount.map(at('amount', 1, 'AMOUNT_TOO_LARGE')),
        ),
        currency: dto('currency', badCurrency(['AZN'])),
      },
    },
    {
      name: 'withdraw',
      path: '/api/v1/funding/withdraw',
      idempotent: true,
      fields: ['bankUserId', 'amount', 'currency'],
      valid: { bankUserId: payer, amount: '10.00', currency: 'AZN' },
      mutations: {
        // stages: amount limits 1, user 2, hold 3
        bankUserId: fc.oneof(badUser, userGone(2)),
        amount: fc.oneof(
          amountOf('amount'),
          zeroAmount.map(at('amount', 1, 'AMOUNT_TOO_SMALL')),
          overLimitAmount.map(at('amount', 1, 'AMOUNT_TOO_LARGE')),
          fc.integer({ min: 2000, max: 99999 }).map((n) => at('amount', 3, 'INSUFFICIENT_FUNDS')(`${n}.00`)),
        ),
        currency: dto('currency', badCurrency(['AZN'])),
      },
    },
  ];
}

export interface BodyCase {
  text: string;
  code: RefusalCode;
}

/**
 * The valid body with the mutations and unknown fields applied. `repeat`: a wrong field is
 * preceded by the same key with its valid value (JSON.parse keeps the last one).
 */
export function applyMutations(
  endpoint: BodyEndpoint,
  mutations: readonly Mutation[],
  unknown: ReadonlyArray<readonly [string, unknown]>,
  repeat: boolean,
): BodyCase {
  const entries: Array<readonly [string, unknown]> = [];
  const fields = [...new Set([...Object.keys(endpoint.valid), ...mutations.map((m) => m.field)])];
  for (const field of fields) {
    const mutation = mutations.find((m) => m.field === field);
    if (!mutation) {
      entries.push([field, endpoint.valid[field]]);
      continue;
    }
    if (mutation.value === ABSENT) continue;
    if (repeat && field in endpoint.valid) entries.push([field, endpoint.valid[field]]);
    entries.push([field, mutation.value]);
  }
  entries.push(...unknown);
  const stages = [...mutations, ...unknown.map(() => ({ stage: 0, code: 'VALIDATION_ERROR' as const }))];
  const first = stages.reduce((a, b) => (b.stage < a.stage ? b : a));
  return { text: jsonObjectText(entries), code: first.code };
}

/** Exactly one thing wrong: one field, or one unknown field. */
export function oneWrongThing(endpoint: BodyEndpoint): fc.Arbitrary<BodyCase> {
  return fc.oneof(
    fc.tuple(fc.oneof(...Object.values(endpoint.mutations)), fc.boolean()).map(([m, repeat]) => applyMutations(endpoint, [m], [], repeat)),
    unknownField(endpoint.fields).map((extra) => applyMutations(endpoint, [], [extra], false)),
  );
}

/** Two or more things wrong at once: the earliest check answers. */
export function severalWrongThings(endpoint: BodyEndpoint): fc.Arbitrary<BodyCase> {
  const perField = Object.fromEntries(Object.entries(endpoint.mutations).map(([f, arb]) => [f, fc.option(arb, { nil: undefined })]));
  return fc
    .tuple(fc.record(perField), fc.array(unknownField(endpoint.fields), { maxLength: 2 }), fc.boolean())
    .map(([chosen, unknown, repeat]) => ({ mutations: Object.values(chosen).filter((m): m is Mutation => m !== undefined), unknown, repeat }))
    .filter(({ mutations, unknown }) => mutations.length + unknown.length >= 2)
    .map(({ mutations, unknown, repeat }) => applyMutations(endpoint, mutations, unknown, repeat));
}

/** The request carrying a body case, with the right headers. */
export function bodyRequest(endpoint: BodyEndpoint, apiKey: string, idempotencyKey: string, body: BodyCase): BadRequest {
  return {
    method: 'POST',
    path: endpoint.path,
    headers: {
      'x-api-key': apiKey,
      ...(endpoint.idempotent ? { 'x-idempotency-key': idempotencyKey } : {}),
      'content-type': 'application/json',
    },
    body: body.text,
    expect: body.code,
  };
}
