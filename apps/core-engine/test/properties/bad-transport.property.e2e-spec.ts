import fc from 'fast-check';
import { expectLedgerInvariants } from '../../../../test/support/ledger-invariants';
import {
  apiKeyVariant,
  HeaderVariant,
  idempotencyKeyVariant,
  jsonObjectText,
  jsonVerdict,
  malformedJsonText,
  unknownBankUserId,
} from './bad-input-arbitraries';
import { bodyEndpoints, oneWrongThing } from './bad-input-bodies';
import { BadInputWorld, BadRequest, BODY_LIMIT_BYTES, expectRefusal, RefusalCode, send } from './bad-input-world';

// Issue 6, section 5, for what surrounds a body: headers (missing, empty, repeated, wrong),
// bodies that are not JSON, bodies over the limit, other media types and encodings, other
// methods. Each gets a 4xx envelope with a stable errorCode, in the documented order of
// checks (docs/errors.md): body size and JSON, route, API key, idempotency key, body.
//
// Repeated headers: node:http sends an array value as one header line per item (as does
// supertest's .set(name, [a, b])); Node's server joins repeated x-* headers into one string
// "a, b", so the Core sees a single value that is never a key nor a UUID: INVALID_API_KEY or
// INVALID_IDEMPOTENCY_KEY, never an array. Node also trims spaces and tabs around a value,
// so " key " is the key and " " is no key at all.
describe('bad headers, JSON texts, sizes and media types (property-based)', () => {
  let world: BadInputWorld;

  beforeAll(async () => {
    world = await BadInputWorld.start();
  });

  afterAll(async () => {
    await expectLedgerInvariants();
    await world?.stop();
  });

  const endpoints = bodyEndpoints(BadInputWorld.PAYER, BadInputWorld.STRANGER);
  const validText = (valid: Readonly<Record<string, unknown>>) => jsonObjectText(Object.entries(valid));
  /** Parsed, the body is refused by the use case (AMOUNT_TOO_SMALL); not parsed, by the DTO. */
  const zeroText = (valid: Readonly<Record<string, unknown>>) => jsonObjectText(Object.entries({ ...valid, amount: '0.00' }));

  describe.each(endpoints.map((e) => [e.name, e] as const))('%s', (_, endpoint) => {
    it('x-api-key and x-idempotency-key missing, empty, repeated or wrong: the first failing check answers', async () => {
      const arb = fc.tuple(apiKeyVariant(world.bank.apiKey), idempotencyKeyVariant, oneWrongThing(endpoint)).map(([api, idem, body]): BadRequest => ({
        method: 'POST',
        path: endpoint.path,
        headers: { ...api.headers, ...idem.headers, 'content-type': 'application/json' },
        body: body.text,
        // the quote takes no idempotency key: whatever is sent is ignored
        expect: api.code ?? (endpoint.idempotent ? idem.code : null) ?? body.code,
      }));
      await world.checkRefusals(arb);
    });

    it('a body that is not JSON (or JSON but not an object or array): MALFORMED_JSON, before the API key is looked at', async () => {
      const arb = fc
        .tuple(
          fc.oneof(malformedJsonText(validText(endpoint.valid)), fc.string({ unit: 'binary', maxLength: 60 })),
          apiKeyVariant(world.bank.apiKey),
          fc.uuid(),
        )
        .map(([text, api, key]): BadRequest => {
          const verdict = jsonVerdict(text);
          return {
            method: 'POST',
            path: endpoint.path,
            headers: { ...api.headers, 'x-idempotency-key': key, 'content-type': 'application/json' },
            body: text,
            // JSON that is an object or array (or nothing) goes on to the API key and the DTO
            expect: verdict === 'malformed' ? 'MALFORMED_JSON' : (api.code ?? 'VALIDATION_ERROR'),
          };
        });
      await world.checkRefusals(arb);
    });
  });

  it('a body over 16 kB, however it is shaped, sent or encoded: PAYLOAD_TOO_LARGE before anything else', async () => {
    const arb = fc
      .tuple(
        fc.constantFrom(...endpoints),
        fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 50_000 })),
        fc.constantFrom('long bankUserId', 'many fields', 'trailing spaces', 'not JSON', 'multi-byte characters'),
        fc.constantFrom('content-length', 'chunked', 'gzip'),
        apiKeyVariant(world.bank.apiKey),
      )
      .map(([endpoint, over, shape, transfer, api]): BadRequest => {
        const size = BODY_LIMIT_BYTES + over;
        const text = oversized(validText(endpoint.valid), size, shape);
        return {
          method: 'POST',
          path: endpoint.path,
          headers: {
            ...api.headers,
            'content-type': 'application/json',
            ...(transfer === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
          },
          body: text,
          compress: transfer === 'gzip' ? 'gzip' : undefined,
          chunked: transfer === 'chunked',
          expect: 'PAYLOAD_TOO_LARGE',
        };
      });
    await world.checkRefusals(arb, { numRuns: 100 });
  });

  it('the limit is 16384 bytes of body: exactly that is read, one byte more is not', async () => {
    const endpoint = endpoints[0];
    const at = (size: number, code: RefusalCode): BadRequest => ({
      method: 'POST',
      path: endpoint.path,
      headers: { 'x-api-key': world.bank.apiKey, 'x-idempotency-key': '6b0f8a4e-4d7c-4c3e-9a53-0c1d2e3f4a5b', 'content-type': 'application/json' },
      body: oversized(zeroText(endpoint.valid), size, 'trailing spaces'),
      expect: code,
    });
    expectRefusal(await send(world.port, at(BODY_LIMIT_BYTES, 'AMOUNT_TOO_SMALL')), 'AMOUNT_TOO_SMALL');
    expectRefusal(await send(world.port, at(BODY_LIMIT_BYTES + 1, 'PAYLOAD_TOO_LARGE')), 'PAYLOAD_TOO_LARGE');
  });

  it('another media type, charset or content-encoding: read as JSON only when it is JSON in UTF-8, else a 4xx', async () => {
    const arb = fc
      .tuple(fc.constantFrom(...endpoints), fc.constantFrom(...CONTENT_TYPES), fc.constantFrom(...CONTENT_ENCODINGS), fc.uuid())
      .map(([endpoint, type, encoding, key]): BadRequest => ({
        method: 'POST',
        path: endpoint.path,
        headers: {
          'x-api-key': world.bank.apiKey,
          'x-idempotency-key': key,
          ...(type.value === undefined ? {} : { 'content-type': type.value }),
          ...(encoding.value === undefined ? {} : { 'content-encoding': encoding.value }),
        },
        body: zeroText(endpoint.valid),
        compress: encoding.compress,
        expect: expectedForMedia(type, encoding),
      }));
    await world.checkRefusals(arb, { numRuns: 150 });
  });

  it('another method on an endpoint, or a path under /api/v1 that is none: NOT_FOUND before the API key is looked at', async () => {
    const routes = [
      ...endpoints.map((e) => ({ path: e.path, methods: ['GET', 'PUT', 'PATCH', 'DELETE'] as const })),
      { path: `/api/v1/users/${BadInputWorld.PAYER}/balances`, methods: ['POST', 'PUT', 'PATCH', 'DELETE'] as const },
      { path: '/api/v1/transactions/00000000-0000-4000-8000-000000000000', methods: ['POST', 'PUT', 'PATCH', 'DELETE'] as const },
    ];
    const wrongMethod = fc.constantFrom(...routes).chain((r) => fc.tuple(fc.constant(r.path), fc.constantFrom(...r.methods)));
    const noSuchPath = fc
      .array(
        fc.stringMatching(/^[a-z0-9_.-]{1,12}$/).filter((s) => !['trade', 'funding', 'users', 'transactions', '.', '..'].includes(s)),
        {
          minLength: 1,
          maxLength: 4,
        },
      )
      .chain((segments) =>
        fc.tuple(fc.constant(`/api/v1/${segments.join('/')}`), fc.constantFrom<BadRequest['method']>('GET', 'POST', 'PUT', 'DELETE')),
      );
    const arb = fc
      .tuple(fc.oneof(wrongMethod, noSuchPath), apiKeyVariant(world.bank.apiKey), fc.boolean())
      .map(([[path, method], api, withBody]): BadRequest => ({
        method,
        path,
        headers: { ...api.headers, ...(withBody ? { 'content-type': 'application/json' } : {}) },
        body: withBody ? '{"bankUserId":"payer","amount":"10.00","currency":"AZN"}' : undefined,
        expect: 'NOT_FOUND',
      }));
    await world.checkRefusals(arb, { numRuns: 100 });
  });

  it("GET endpoints: x-api-key missing, empty, repeated, wrong, or another bank's: the API key check, else not found", async () => {
    const own = [`/api/v1/users/${BadInputWorld.PAYER}/balances`, `/api/v1/transactions/${world.ownTransactionId}`];
    const notFound = (path: string): RefusalCode => (path.includes('/users/') ? 'USER_NOT_FOUND' : 'TRANSACTION_NOT_FOUND');
    const arb = fc
      .tuple(
        fc.oneof(
          // the bank's own resources: anything but the right key is refused
          fc.tuple(
            fc.constantFrom(...own),
            apiKeyVariant(world.bank.apiKey).filter((v) => v.code !== null),
          ),
          // the other bank's key on this bank's resources
          fc.tuple(
            fc.constantFrom(...own),
            fc.constant<HeaderVariant>({ label: 'other bank', headers: { 'x-api-key': world.other.apiKey }, code: null }),
          ),
          // resources this bank has not got
          fc.tuple(
            fc.oneof(
              unknownBankUserId(BadInputWorld.PAYER, BadInputWorld.STRANGER).map((id) => `/api/v1/users/${encodeURIComponent(id)}/balances`),
              fc.constantFrom(`/api/v1/transactions/${world.otherTransactionId}`),
              fc.uuid().map((id) => `/api/v1/transactions/${id}`),
            ),
            apiKeyVariant(world.bank.apiKey),
          ),
        ),
        idempotencyKeyVariant,
      )
      .map(([[path, api], idem]): BadRequest => ({
        method: 'GET',
        path,
        // an idempotency key means nothing to a GET: ignored, whatever it is
        headers: { ...api.headers, ...idem.headers },
        expect: api.code ?? notFound(path),
      }));
    await world.checkRefusals(arb);
  });
});

/** A body of exactly `size` bytes in UTF-8, of the given shape. */
function oversized(valid: string, size: number, shape: string): string {
  const fill = (prefix: string, suffix: string, unit: string) => {
    const room = size - Buffer.byteLength(prefix + suffix);
    const unitBytes = Buffer.byteLength(unit);
    const body = unit.repeat(Math.floor(room / unitBytes)) + 'x'.repeat(room % unitBytes);
    return prefix + body + suffix;
  };
  switch (shape) {
    case 'long bankUserId':
      return fill('{"bankUserId":"', `",${valid.slice(valid.indexOf('"amount"'))}`, 'p');
    case 'many fields': {
      const head = valid.slice(0, -1);
      let text = head;
      for (let i = 0; Buffer.byteLength(text) < size - 40; i++) text += `,"f${i}":${i}`;
      return fill(text + ',"pad":"', '"}', 'x');
    }
    case 'trailing spaces':
      return fill(valid, '', ' ');
    case 'not JSON':
      return fill('{"bankUserId": "payer", ', '', '#');
    default:
      return fill('{"bankUserId":"', `",${valid.slice(valid.indexOf('"amount"'))}`, '\u20ac');
  }
}

interface ContentTypeCase {
  value: string | undefined;
  /** How body-parser treats it: not read (the DTO sees no body), read as UTF-8, refused (415), decoded into garbage, or either of the first two. */
  kind: 'not read' | 'json' | 'bad charset' | 'garbage charset' | 'unclear';
}

const CONTENT_TYPES: ContentTypeCase[] = [
  { value: undefined, kind: 'not read' },
  ...['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json']
    .concat(['application/vnd.api+json', 'application/json-patch+json', 'application/problem+json', 'application/jsonx', 'json'])
    .map((value) => ({ value, kind: 'not read' as const })),
  ...['application/json', 'APPLICATION/JSON', 'application/json; charset=utf-8', 'application/json;charset=UTF-8']
    .concat(['application/json; charset="utf-8"', 'application/json; foo=bar', 'application/json; charset=utf-7'])
    .map((value) => ({ value, kind: 'json' as const })),
  ...['application/json; charset=latin1', 'application/json; charset=iso-8859-1', 'application/json; charset=us-ascii']
    .concat(['application/json; charset=klingon', 'application/json; charset=utf-99', 'application/json; charset=utf-'])
    .map((value) => ({ value, kind: 'bad charset' as const })),
  ...['utf-16', 'utf-16le', 'utf-16be', 'utf-32'].map((charset) => ({
    value: `application/json; charset=${charset}`,
    kind: 'garbage charset' as const,
  })),
  ...['application/json; charset', 'application/json;;', 'application/json; charset=', ' application/json ', 'application/json, text/plain', ''].map(
    (value) => ({ value, kind: 'unclear' as const }),
  ),
];

interface ContentEncodingCase {
  value: string | undefined;
  compress?: 'gzip' | 'deflate' | 'br';
  kind: 'identity' | 'compressed' | 'unsupported' | 'corrupt';
}

const CONTENT_ENCODINGS: ContentEncodingCase[] = [
  { value: undefined, kind: 'identity' },
  { value: 'identity', kind: 'identity' },
  { value: 'gzip', compress: 'gzip', kind: 'compressed' },
  { value: 'GZIP', compress: 'gzip', kind: 'compressed' },
  { value: 'deflate', compress: 'deflate', kind: 'compressed' },
  { value: 'br', compress: 'br', kind: 'compressed' },
  { value: 'compress', kind: 'unsupported' },
  { value: 'x-gzip', kind: 'unsupported' },
  { value: 'gzip, br', kind: 'unsupported' },
  { value: 'zstd', kind: 'unsupported' },
  { value: 'rot13', kind: 'unsupported' },
  // declared but not done: the body is plain JSON
  { value: 'gzip', kind: 'corrupt' },
  { value: 'deflate', kind: 'corrupt' },
  { value: 'br', kind: 'corrupt' },
];

/**
 * body-parser's order: a media type it does not read leaves the body to the DTO; then the
 * charset (415), the content-encoding (415 unknown; a stream that does not inflate is the
 * client's error, a 4xx), then the text. Read, the body with amount 0 gets AMOUNT_TOO_SMALL.
 */
function expectedForMedia(type: ContentTypeCase, encoding: ContentEncodingCase): RefusalCode | RefusalCode[] {
  const whenRead = (): RefusalCode | RefusalCode[] => {
    if (type.kind === 'bad charset') return 'UNSUPPORTED_MEDIA_TYPE';
    if (encoding.kind === 'unsupported') return 'UNSUPPORTED_MEDIA_TYPE';
    // was a 500 INTERNAL_ERROR (zlib's error has no body-parser type); fixed in api-exception.filter.ts
    if (encoding.kind === 'corrupt') return 'VALIDATION_ERROR';
    if (type.kind === 'garbage charset') return 'MALFORMED_JSON';
    return 'AMOUNT_TOO_SMALL';
  };
  if (type.kind === 'not read') return 'VALIDATION_ERROR';
  if (type.kind === 'unclear') return ['VALIDATION_ERROR', ...[whenRead()].flat()];
  return whenRead();
}
