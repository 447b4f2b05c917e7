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

/** The ways to make one field wrong: refused by the DTO, or well-formed and refused later. */
export interface FieldMutations {
  dto: fc.Arbitrary<Mutation>;
  deep?: fc.Arbitrary<Mutation>;
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
  mutations: Readonly<Record<string, FieldMutations>>;
}

const at =
  (field: string, stage: number, code: RefusalCode) =>
  (value: unknown): Mutation => ({ field, value, code, stage });

/** Wrong for the DTO: these values, or the field left out. */
const dto = (field: string, values: fc.Arbitrary<unknown>) =>
  fc.oneof(values.map(at(field, 0, 'VALIDATION_ERROR')), fc.constant(ABSENT).map(at(field, 0, 'VALIDATION_ERROR')));

const badAmount = dto('amount', fc.oneof(malformedAmount, notAString({ withNull: true })));

/** Either kind of wrong for one field. */
export const anyMutation = (m: FieldMutations): fc.Arbitrary<Mutation> => (m.deep ? fc.oneof(m.dto, m.deep) : m.dto);

/**
 * Every body endpoint, valid bodies naming `payer` (funded: 900 AZN and about 58 USDT after
 * the world's deposit and buy). The amounts that are only wrong for this payer's balance
 * (INSUFFICIENT_FUNDS) exercise the deepest code: a hold that fails and is rolled back.
 */
export function bodyEndpoints(payer: string, stranger: string): BodyEndpoint[] {
  const badUser = dto('bankUserId', fc.oneof(malformedBankUserId, notAString({ withNull: true })));
  const userGone = (stage: number) => unknownBankUserId(payer, stranger).map(at('bankUserId', stage, 'USER_NOT_FOUND'));
  const quoteId = (stage: number): FieldMutations => ({
    dto: malformedQuoteId.map(at('quoteId', 0, 'VALIDATION_ERROR')),
    deep: unknownQuoteId.map(at('quoteId', stage, 'QUOTE_NOT_FOUND')),
  });
  const amount = (limits: number, overLimit: number, funds: number | null, moreThanBalance: fc.Arbitrary<number>): FieldMutations => ({
    dto: badAmount,
    deep: fc.oneof(
      zeroAmount.map(at('amount', limits, 'AMOUNT_TOO_SMALL')),
      overLimitAmount.map(at('amount', overLimit, 'AMOUNT_TOO_LARGE')),
      ...(funds === null ? [] : [moreThanBalance.map((n) => at('amount', funds, 'INSUFFICIENT_FUNDS')(`${n}.00`))]),
    ),
  });
  const azn = { dto: dto('currency', badCurrency(['AZN'])) };

  return [
    {
      name: 'buy',
      path: '/api/v1/trade/buy',
      idempotent: true,
      fields: ['bankUserId', 'quoteId', 'amount', 'currency'],
      valid: { bankUserId: payer, amount: '10.00', currency: 'AZN' },
      // stages: amount limits 1, user 2, quote 3, hold 4
      mutations: {
        bankUserId: { dto: badUser, deep: userGone(2) },
        amount: amount(1, 1, 4, fc.integer({ min: 2000, max: 99999 })),
        currency: azn,
        quoteId: quoteId(3),
      },
    },
    {
      name: 'sell',
      path: '/api/v1/trade/sell',
      idempotent: true,
      fields: ['bankUserId', 'quoteId', 'amount', 'currency'],
      valid: { bankUserId: payer, amount: '1.00', currency: 'USDT' },
      // stages: amount > 0 1, user 2, quote 3, AZN worth within the limit 4, hold 5
      mutations: {
        bankUserId: { dto: badUser, deep: userGone(2) },
        amount: amount(1, 4, 5, fc.integer({ min: 100, max: 50000 })),
        currency: { dto: dto('currency', badCurrency(['USDT'])) },
        quoteId: quoteId(3),
      },
    },
    ...(['BUY', 'SELL'] as const).map((side): BodyEndpoint => ({
      name: `quote ${side}`,
      path: '/api/v1/trade/quote',
      idempotent: false,
      fields: ['bankUserId', 'side', 'amount', 'currency'],
      valid: { bankUserId: payer, side, amount: '10.00', currency: side === 'BUY' ? 'AZN' : 'USDT' },
      // stages: user 1, currency matches the side 2, amount limits 3
      mutations: {
        bankUserId: { dto: badUser, deep: userGone(1) },
        side: { dto: dto('side', badSide) },
        amount: amount(3, 3, null, fc.nat()),
        currency: {
          dto: dto('currency', badCurrency(['AZN', 'USDT'])),
          deep: fc.constant(side === 'BUY' ? 'USDT' : 'AZN').map(at('currency', 2, 'VALIDATION_ERROR')),
        },
      },
    })),
    {
      name: 'deposit',
      path: '/api/v1/funding/deposit',
      idempotent: true,
      fields: ['bankUserId', 'amount', 'currency'],
      valid: { bankUserId: payer, amount: '10.00', currency: 'AZN' },
      // a well-formed unknown bankUserId is not wrong here: a first deposit creates the user
      mutations: {
        bankUserId: { dto: badUser },
        amount: amount(1, 1, null, fc.nat()),
        currency: azn,
      },
    },
    {
      name: 'withdraw',
      path: '/api/v1/funding/withdraw',
      idempotent: true,
      fields: ['bankUserId', 'amount', 'currency'],
      valid: { bankUserId: payer, amount: '10.00', currency: 'AZN' },
      // stages: amount limits 1, user 2, hold 3
      mutations: {
        bankUserId: { dto: badUser, deep: userGone(2) },
        amount: amount(1, 1, 3, fc.integer({ min: 2000, max: 99999 })),
        currency: azn,
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
    fc
      .tuple(fc.oneof(...Object.values(endpoint.mutations).map(anyMutation)), fc.boolean())
      .map(([m, repeat]) => applyMutations(endpoint, [m], [], repeat)),
    unknownField(endpoint.fields).map((extra) => applyMutations(endpoint, [], [extra], false)),
  );
}

/** Two or more things wrong at once, of any kind: mostly the DTO answers, with every problem. */
export function severalWrongThings(endpoint: BodyEndpoint): fc.Arbitrary<BodyCase> {
  const perField = Object.fromEntries(Object.entries(endpoint.mutations).map(([f, m]) => [f, fc.option(anyMutation(m), { nil: undefined })]));
  return fc
    .tuple(fc.record(perField), fc.array(unknownField(endpoint.fields), { maxLength: 2 }), fc.boolean())
    .map(([chosen, unknown, repeat]) => ({ mutations: Object.values(chosen).filter((m): m is Mutation => m !== undefined), unknown, repeat }))
    .filter(({ mutations, unknown }) => mutations.length + unknown.length >= 2)
    .map(({ mutations, unknown, repeat }) => applyMutations(endpoint, mutations, unknown, repeat));
}

/**
 * Two or more fields wrong, each well-formed (past the DTO): the use case's order of checks
 * decides. Null for an endpoint with fewer than two such fields.
 */
export function severalDeepWrongThings(endpoint: BodyEndpoint): fc.Arbitrary<BodyCase> | null {
  const deep = Object.values(endpoint.mutations).flatMap((m) => (m.deep ? [m.deep] : []));
  if (deep.length < 2) return null;
  return fc
    .tuple(fc.tuple(...deep.map((arb) => fc.option(arb, { nil: undefined }))), fc.boolean())
    .map(([chosen, repeat]) => ({ mutations: chosen.filter((m): m is Mutation => m !== undefined), repeat }))
    .filter(({ mutations }) => mutations.length >= 2)
    .map(({ mutations, repeat }) => applyMutations(endpoint, mutations, [], repeat));
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
