import fc from 'fast-check';
import { expectLedgerInvariants } from '../../../../test/support/ledger-invariants';
import { BodyCase, bodyEndpoints, bodyRequest, BodyEndpoint, oneWrongThing, severalWrongThings } from './bad-input-bodies';
import { jsonObjectText, DROPPED_KEYS } from './bad-input-arbitraries';
import { BadInputWorld } from './bad-input-world';

// Issue 6, section 5: every wrong body of every POST endpoint gets a 4xx envelope with the
// stable errorCode the documented order of checks gives it, and writes nothing.
describe('bad request bodies (property-based)', () => {
  let world: BadInputWorld;

  beforeAll(async () => {
    world = await BadInputWorld.start();
  });

  afterAll(async () => {
    await expectLedgerInvariants();
    await world?.stop();
  });

  const request = (endpoint: BodyEndpoint) => (key: string, body: BodyCase) => bodyRequest(endpoint, world.bank.apiKey, key, body);

  describe.each(bodyEndpoints(BadInputWorld.PAYER, BadInputWorld.STRANGER).map((e) => [e.name, e] as const))('%s', (_, endpoint) => {
    it('one field wrong (wrong type, malformed, zero, over the limit, unknown user or quote, more than the balance) or one unknown field: its own code', async () => {
      await world.checkRefusals(fc.tuple(fc.uuid(), oneWrongThing(endpoint)).map(([key, body]) => request(endpoint)(key, body)));
    });

    it('several things wrong at once: the earliest check answers', async () => {
      await world.checkRefusals(fc.tuple(fc.uuid(), severalWrongThings(endpoint)).map(([key, body]) => request(endpoint)(key, body)));
    });

    it('a body that is JSON but not an object: MALFORMED_JSON for a scalar, VALIDATION_ERROR for an array', async () => {
      const valid = jsonObjectText(Object.entries(endpoint.valid));
      const body = fc.oneof(
        fc.oneof(fc.constantFrom('null', 'true', '0', '-1.5', '"text"', `"${valid.replace(/"/g, '\\"')}"`), fc.jsonValue({ maxDepth: 0 }).map((v) => JSON.stringify(v)))
          .map((text) => ({ text, code: 'MALFORMED_JSON' as const })),
        fc
          .array(fc.oneof(fc.constant(valid), fc.jsonValue({ maxDepth: 1 }).map((v) => JSON.stringify(v))), { maxLength: 3 })
          .map((items) => ({ text: `[${items.join(',')}]`, code: 'VALIDATION_ERROR' as const })),
      );
      await world.checkRefusals(fc.tuple(fc.uuid(), body).map(([key, b]) => request(endpoint)(key, b)), { numRuns: 60 });
    });
  });

  describe('known bugs', () => {
    // KNOWN BUG, reported, not fixed here (apps/ is being edited by others): some unknown keys
    // are dropped instead of refused. Nest's ValidationPipe deletes `__proto__`, `prototype`
    // and `constructor` from the body before validating (stripProtoKeys), and class-transformer
    // skips keys whose value on the DTO instance is a function (toString, valueOf,
    // hasOwnProperty...), so forbidNonWhitelisted never sees them and the request is carried
    // out as if the key were absent. Reproducer (201, a real buy of 10 AZN):
    //   POST /api/v1/trade/buy  x-api-key, x-idempotency-key: <uuid>, content-type: application/json
    //   {"bankUserId":"payer","amount":"10.00","currency":"AZN","constructor":1}
    // Same on sell, quote, deposit and withdraw, and with "__proto__":false, "prototype":null,
    // "toString":1... Stops at the first failure (endOnFailure) to execute as few trades as it can.
    it('KNOWN BUG: __proto__, prototype, constructor, toString... are refused like any unknown field', async () => {
      const endpoints = bodyEndpoints(BadInputWorld.PAYER, BadInputWorld.STRANGER);
      const arb = fc
        .tuple(fc.uuid(), fc.constantFrom(...endpoints), fc.constantFrom(...DROPPED_KEYS), fc.jsonValue({ maxDepth: 1 }))
        .map(([key, endpoint, field, value]) => {
          const text = jsonObjectText([...Object.entries(endpoint.valid), [field, value]]);
          return request(endpoint)(key, { text, code: 'VALIDATION_ERROR' });
        });
      await world.checkRefusals(arb, { numRuns: 50, endOnFailure: true });
    });
  });
});
