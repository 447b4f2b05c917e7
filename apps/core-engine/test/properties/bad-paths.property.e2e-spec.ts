import fc from 'fast-check';
import { expectLedgerInvariants } from '../../../../test/support/ledger-invariants';
import { malformedBankUserId, unknownBankUserId } from './bad-input-arbitraries';
import { BadInputWorld, BadRequest, RefusalCode } from './bad-input-world';

// Issue 6, section 5, for the two GET endpoints: whatever stands in the path, the answer is
// a 4xx envelope (USER_NOT_FOUND / TRANSACTION_NOT_FOUND for an id that is malformed,
// unknown or another bank's; NOT_FOUND when the path is no route; VALIDATION_ERROR when it
// is not valid percent-encoding), and a read writes nothing.
describe('bad path parameters (property-based)', () => {
  let world: BadInputWorld;

  beforeAll(async () => {
    world = await BadInputWorld.start();
  });

  afterAll(async () => {
    await expectLedgerInvariants();
    await world?.stop();
  });

  /** Percent-encoded as a client would; null for a text with a lone surrogate, which has no UTF-8. */
  const encoded = (text: string): string | null => {
    try {
      return encodeURIComponent(text);
    } catch {
      return null;
    }
  };

  /** Not valid percent-encoding, or percent-encoding of bytes that are not UTF-8. */
  const badPercent = fc.constantFrom('%', '%zz', 'a%2', '%E0%A4%A', '%C0%80', '%ED%A0%80', '%FF', '%80', 'payer%', '%%', '%u0041');

  const get = (path: string, expect: RefusalCode | RefusalCode[], apiKey: string): BadRequest => ({
    method: 'GET',
    path,
    headers: { 'x-api-key': apiKey },
    expect,
  });

  it("balances of a malformed, unknown or other bank's bankUserId: USER_NOT_FOUND; no route: NOT_FOUND; bad encoding: VALIDATION_ERROR", async () => {
    const segment = fc.oneof(
      malformedBankUserId
        .map(encoded)
        .filter((s): s is string => s !== null && s !== '')
        .map((s) => [s, 'USER_NOT_FOUND'] as const),
      unknownBankUserId(BadInputWorld.PAYER, BadInputWorld.STRANGER).map((id) => [encodeURIComponent(id), 'USER_NOT_FOUND'] as const),
      // unencoded slashes make another path, and an empty id none at all
      fc.constantFrom('', 'a/b', `${BadInputWorld.PAYER}/x`, `x/${BadInputWorld.PAYER}`, '/', '//').map((s) => [s, 'NOT_FOUND'] as const),
      badPercent.map((s) => [s, 'VALIDATION_ERROR'] as const),
    );
    const arb = fc
      .tuple(segment, fc.constantFrom('', '?x=1', '?bankUserId=payer', '#f'))
      .map(([[id, code], tail]) => get(`/api/v1/users/${id}/balances${tail}`, code, world.bank.apiKey));
    await world.checkRefusals(arb);
  });

  it("a transaction id not a UUID, unknown, altered, or other bank's: TRANSACTION_NOT_FOUND; bad encoding: VALIDATION_ERROR", async () => {
    const own = world.ownTransactionId;
    const id = fc.oneof(
      fc
        .oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.stringMatching(/^[0-9a-f-]{1,4000}$/))
        .map(encoded)
        .filter((s): s is string => s !== null && s !== '')
        .map((s) => [s, 'TRANSACTION_NOT_FOUND'] as const),
      fc.uuid().map((u) => [u, 'TRANSACTION_NOT_FOUND'] as const),
      fc.constantFrom(world.otherTransactionId, world.otherTransactionId.toUpperCase()).map((u) => [u, 'TRANSACTION_NOT_FOUND'] as const),
      fc
        .constantFrom(own.replace(/-/g, ''), `{${own}}`, `${own}x`, own.slice(0, -1), ` ${own}`, `${own} `, `urn:uuid:${own}`, `0${own}`)
        .map((s) => [encodeURIComponent(s), 'TRANSACTION_NOT_FOUND'] as const),
      // (An empty id, `/api/v1/transactions/`, is the list of the bank's transactions: not a refusal.)
      fc.constantFrom(`${own}/x`, `x/${own}`).map((s) => [s, 'NOT_FOUND'] as const),
      badPercent.map((s) => [s, 'VALIDATION_ERROR'] as const),
    );
    const arb = id.map(([s, code]) => get(`/api/v1/transactions/${s}`, code, world.bank.apiKey));
    await world.checkRefusals(arb);
  });
});
