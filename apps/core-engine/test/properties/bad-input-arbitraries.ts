import fc from 'fast-check';
import type { RefusalCode } from './bad-input-world';

/*
 * Generators of bad values, each built bad by construction (or filtered against the rule as
 * the API documents it, written out here rather than imported, so a too-lax pattern in the
 * code cannot make its own tests lax).
 */

/** docs: 1-64 letters, digits or _ . : - */
export const BANK_USER_ID_RULE = /^[A-Za-z0-9_.:-]{1,64}$/;
/** docs: a plain decimal string, at most 2 decimals, at most 14 integer digits. */
export const AMOUNT_RULE = /^(0|[1-9][0-9]{0,13})(\.[0-9]{1,2})?$/;
export const UUID_RULE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Leaves the field out of the body. */
export const ABSENT = Symbol('absent');

// ---------------------------------------------------------------- values of any JSON type

/** A JSON value that is not a string: for every string field. */
export const notAString = (options: { withNull: boolean }) =>
  fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(10, 10.5, 0, -1, 1e30, 1e-7, 100000.01),
    fc.boolean(),
    ...(options.withNull ? [fc.constant(null)] : []),
    fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
    fc.constant(['10.00']),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
    fc.constant({ value: '10.00' }),
  );

/** Any text: ASCII, any code point, lone surrogates. */
const anyText = (maxLength: number) =>
  fc.oneof(fc.string({ maxLength }), fc.string({ unit: 'grapheme', maxLength }), fc.string({ unit: 'binary', maxLength }));

// ---------------------------------------------------------------- amounts

/** A well-formed amount well within the limits: the seed of the malformed ones. */
export const plainAmount = fc
  .tuple(fc.integer({ min: 1, max: 99999 }), fc.constantFrom('', '.5', '.05', '.50', '.99'))
  .map(([whole, fraction]) => `${whole}${fraction}`);

const WHITESPACE = [' ', '\t', '\n', '\r', '\u00a0', '\u2007', '\u200b', '\u2028', '\u3000', '\ufeff'];

/** Zero of Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali, Thai, fullwidth, mathematical bold. */
const UNICODE_ZEROS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0x0e50, 0xff10, 0x1d7ce];

const ODD_AMOUNTS = [
  '+1',
  '+1.00',
  '.5',
  '1.',
  '0.',
  '.',
  '-',
  '1..0',
  '10.0.0',
  'NaN',
  'Infinity',
  '-Infinity',
  'infinity',
  '0x10',
  '0X1A',
  '0b101',
  '0o17',
  '1_000',
  '1,000.00',
  '10,50',
  '10\u066b50',
  '1 000',
  '00',
  '01',
  '00.50',
  '',
  'one',
  '10 AZN',
  'AZN 10',
  '$10',
  '10%',
  '1/2',
  '\u00bd',
  '\u00b2',
  'null',
  'undefined',
  'true',
  '10\u0000',
  '1\n0',
  '1e',
  'e1',
  '-0',
  '-0.00',
  '0e0',
  '1e2',
  '1E-2',
  '1.5e3',
  '1e30',
  '1e+30',
  '9'.repeat(40),
];

/** Strings the amount rule refuses: the answer is VALIDATION_ERROR. */
export const malformedAmount: fc.Arbitrary<string> = fc
  .oneof(
    plainAmount.map((a) => `-${a}`),
    fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.stringMatching(/^[0-9]{3,12}$/)).map(([w, d]) => `${w}.${d}`),
    fc
      .tuple(fc.constantFrom('1', '1.5', '10', '0', '25.00'), fc.constantFrom('e', 'E', 'e+', 'e-', 'E-'), fc.integer({ min: 0, max: 400 }))
      .map(([mantissa, e, exponent]) => `${mantissa}${e}${exponent}`),
    fc.tuple(plainAmount, fc.constantFrom(...WHITESPACE), fc.constantFrom('lead', 'trail', 'inner', 'both')).map(([a, ws, where]) => {
      if (where === 'lead') return ws + a;
      if (where === 'trail') return a + ws;
      if (where === 'both') return ws + a + ws;
      const at = Math.max(1, Math.floor(a.length / 2));
      return a.length > 1 ? a.slice(0, at) + ws + a.slice(at) : ws + a;
    }),
    fc.tuple(plainAmount, fc.constantFrom(...UNICODE_ZEROS), fc.nat()).map(([a, zero, mask]) => {
      const digits = [...a].flatMap((c, i) => (/[0-9]/.test(c) ? [i] : []));
      const chosen = digits.filter((_, k) => (mask >> k) & 1);
      const replace = chosen.length ? chosen : [digits[0]];
      return [...a].map((c, i) => (replace.includes(i) ? String.fromCodePoint(zero + Number(c)) : c)).join('');
    }),
    fc.stringMatching(/^[1-9][0-9]{14,40}(\.[0-9]{2})?$/),
    fc.constantFrom(...ODD_AMOUNTS),
    anyText(12),
  )
  .filter((s) => !AMOUNT_RULE.test(s));

/** Well-formed zero: 422 AMOUNT_TOO_SMALL. */
export const zeroAmount = fc.constantFrom('0', '0.0', '0.00');

/** Well-formed, above MAX_OPERATION_AMOUNT_AZN (100000.00) in AZN, or worth more than it in USDT: 422 AMOUNT_TOO_LARGE. */
export const overLimitAmount = fc.oneof(
  fc.constantFrom('100000.01', '100001', '99999999999999.99'),
  fc
    .tuple(fc.bigInt({ min: 100001n, max: 99999999999999n }), fc.constantFrom('', '.0', '.5', '.00', '.99'))
    .map(([whole, fraction]) => `${whole}${fraction}`),
);

// ---------------------------------------------------------------- bankUserId

const ID_PART = /^[A-Za-z0-9_.:-]{0,20}$/;

/** One character the id rule refuses, of every kind: separators, controls, letters beyond ASCII. */
const badIdChar = fc.oneof(
  fc.constantFrom(
    '/',
    '\\',
    ' ',
    '\t',
    '\n',
    '\u0000',
    '%',
    '@',
    '#',
    '?',
    '+',
    '*',
    ',',
    ';',
    '"',
    "'",
    '<',
    '>',
    '=',
    '&',
    '~',
    '!',
    '\u00e9',
    '\u00fc',
    '\u043f',
    '\u7528',
    '\u{1f600}',
    '\uff41',
    '\u0661',
    '\u200b',
    '\u00a0',
    '\ufeff',
    '\u0130',
    '\u00df',
    '\u212a',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !/^[A-Za-z0-9_.:-]$/.test(c)),
);

/** Strings the bankUserId rule refuses: VALIDATION_ERROR in a body, USER_NOT_FOUND in a path. */
export const malformedBankUserId: fc.Arbitrary<string> = fc
  .oneof(
    fc.constant(''),
    fc.tuple(fc.stringMatching(ID_PART), badIdChar, fc.stringMatching(ID_PART)).map(([a, c, b]) => a + c + b),
    fc.stringMatching(/^[A-Za-z0-9_.:-]{65,300}$/),
    fc.constantFrom('payer\n', 'payer ', ' payer', 'payer\u0000', 'pay/er', '../payer', 'payer/..', 'pa yer', '\uff50ayer'),
    anyText(20),
  )
  .filter((s) => !BANK_USER_ID_RULE.test(s));

/** Well-formed ids the calling bank does not have (one of them is the other bank's customer). */
export const unknownBankUserId = (known: string, othersCustomer: string) =>
  fc
    .oneof(fc.constantFrom(othersCustomer, known.toUpperCase(), `${known}.`, `${known}-2`), fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/))
    .filter((id) => id !== known);

// ---------------------------------------------------------------- currency, side, quoteId

const CURRENCY_NOISE = [
  'AZN',
  'USDT',
  'azn',
  'Azn',
  'aZN',
  'usdt',
  'Usdt',
  'UsDT',
  'AZN ',
  ' AZN',
  'USDT\n',
  '\u0410ZN',
  'AZN\u200b',
  '\uff21\uff3a\uff2e',
  'EUR',
  'USD',
  'BTC',
  'RUB',
  'TRY',
  'AZM',
  '',
  ' ',
  'AZNUSDT',
  'AZN,USDT',
  '944',
];

/** Anything but the currencies in `allowed` (the other currency among them). */
export const badCurrency = (allowed: readonly string[]) =>
  fc.oneof(fc.constantFrom(...CURRENCY_NOISE), anyText(6), notAString({ withNull: true })).filter((c) => !allowed.includes(c as string));

export const badSide = fc
  .oneof(
    fc.constantFrom('buy', 'sell', 'Buy', 'BUY ', ' SELL', 'HOLD', '', 'B', 'BUY,SELL', '\uff22\uff35\uff39'),
    anyText(5),
    notAString({ withNull: true }),
  )
  .filter((s) => s !== 'BUY' && s !== 'SELL');

/** quoteId values the DTO refuses (it is optional: null counts as absent, so null is not among them). */
export const malformedQuoteId = fc.oneof(fc.constant(''), fc.stringMatching(/^[a-z0-9-]{65,120}$/), notAString({ withNull: false }));

/** quoteId values the DTO accepts that name no quote of this bank and user: 404 QUOTE_NOT_FOUND. */
export const unknownQuoteId = fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 64 }));

// ---------------------------------------------------------------- unknown fields

/**
 * Keys the validation silently drops instead of refusing: Nest's ValidationPipe deletes
 * `__proto__`, `prototype` and `constructor` from a body before validating it
 * (stripProtoKeys), and class-transformer skips a key whose value on the DTO instance is a
 * function (toString, valueOf, hasOwnProperty... of Object.prototype). The whitelist never
 * sees them, so a body carrying one is carried out as if the key were absent (reported, see
 * bad-bodies.property.e2e-spec.ts). Kept out of `unknownField` so that the other properties
 * still say something; they have a property of their own.
 */
export const DROPPED_KEYS: readonly string[] = ['prototype', ...Object.getOwnPropertyNames(Object.prototype)];

const SUSPICIOUS_KEYS = [
  'isAdmin',
  'bankId',
  'userId',
  'status',
  'fee',
  'feeAmount',
  'spreadBps',
  'Amount',
  'amount ',
  ' amount',
  'BANKUSERID',
  '',
  'currency\u0000',
  'quoteID',
  'side',
  'quoteId',
  '__proto',
  'proto',
  'then',
  'length',
  '0',
];

/** A field the endpoint's DTO does not have, with any JSON value. */
export const unknownField = (dtoFields: readonly string[]) =>
  fc.tuple(
    fc.oneof(fc.constantFrom(...SUSPICIOUS_KEYS), fc.string({ maxLength: 12 })).filter((k) => !dtoFields.includes(k) && !DROPPED_KEYS.includes(k)),
    fc.jsonValue({ maxDepth: 2 }),
  );

// ---------------------------------------------------------------- headers

/** Printable Latin-1: every character node:http lets a client put in a header value. */
const headerText = (minLength: number, maxLength: number) =>
  fc
    .array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09)), { minLength, maxLength })
    .map((codes) => String.fromCharCode(...codes));

/** Node trims a header value's surrounding spaces and tabs. */
const trimmedOws = (v: string) => v.replace(/^[ \t]+|[ \t]+$/g, '');

export interface HeaderVariant {
  label: string;
  headers: Record<string, string | string[]>;
  /** The refusal this header alone causes; null: it passes. */
  code: RefusalCode | null;
}

/**
 * x-api-key: absent, empty, blank, the right key (also padded, also under another spelling of
 * the header name), repeated (node:http sends one line per value; the server joins them with
 * ", " into one string), or wrong (altered, too long, random Latin-1).
 */
export const apiKeyVariant = (key: string): fc.Arbitrary<HeaderVariant> => {
  const judged = (label: string, value: string): HeaderVariant => {
    const seen = trimmedOws(value);
    return { label, headers: { 'x-api-key': value }, code: seen === '' ? 'MISSING_API_KEY' : seen === key ? null : 'INVALID_API_KEY' };
  };
  return fc.oneof(
    fc.constant<HeaderVariant>({ label: 'absent', headers: {}, code: 'MISSING_API_KEY' }),
    fc.constantFrom('', ' ', '\t', ' \t ').map((v) => judged('blank', v)),
    fc.constantFrom(key, ` ${key}`, `${key}\t`).map((v) => judged('right', v)),
    fc.constant<HeaderVariant>({ label: 'right, header name in capitals', headers: { 'X-API-KEY': key }, code: null }),
    fc
      .array(fc.oneof(fc.constant(key), fc.constant(''), headerText(1, 20)), { minLength: 2, maxLength: 3 })
      .map((values) => ({ label: 'repeated', headers: { 'x-api-key': values }, code: 'INVALID_API_KEY' as const })),
    fc
      .oneof(
        fc.constantFrom(`${key}x`, key.slice(0, -1), key.toUpperCase(), `${key.slice(0, 8)} ${key.slice(8)}`, `Bearer ${key}`),
        fc.integer({ min: 257, max: 2000 }).map((n) => 'k'.repeat(n)),
        fc.integer({ min: 257, max: 400 }).map((n) => key + 'x'.repeat(n - key.length)),
        headerText(1, 80),
      )
      .map((v) => judged('wrong', v)),
  );
};

/** x-idempotency-key: absent, blank, a UUID (any case, padded), repeated, or not a UUID. */
export const idempotencyKeyVariant: fc.Arbitrary<HeaderVariant> = (() => {
  const judged = (label: string, value: string): HeaderVariant => {
    const seen = trimmedOws(value);
    return {
      label,
      headers: { 'x-idempotency-key': value },
      code: seen === '' ? 'MISSING_IDEMPOTENCY_KEY' : UUID_RULE.test(seen) ? null : 'INVALID_IDEMPOTENCY_KEY',
    };
  };
  return fc.oneof(
    fc.constant<HeaderVariant>({ label: 'absent', headers: {}, code: 'MISSING_IDEMPOTENCY_KEY' }),
    fc.constantFrom('', ' ', '\t').map((v) => judged('blank', v)),
    fc
      .tuple(fc.uuid(), fc.constantFrom('lower', 'upper', 'padded'))
      .map(([u, how]) => judged('a UUID', how === 'upper' ? u.toUpperCase() : how === 'padded' ? ` ${u} ` : u)),
    fc
      .tuple(fc.uuid(), fc.uuid(), fc.boolean())
      .map(([u, v, same]) => ({ label: 'repeated', headers: { 'x-idempotency-key': [u, same ? u : v] }, code: 'INVALID_IDEMPOTENCY_KEY' as const })),
    fc.tuple(fc.uuid(), fc.constantFrom('nodash', 'braces', 'urn', 'suffix', 'short', 'g', 'inner-space', 'unicode-digit')).map(([u, how]) => {
      const altered = {
        nodash: u.replace(/-/g, ''),
        braces: `{${u}}`,
        urn: `urn:uuid:${u}`,
        suffix: `${u}x`,
        short: u.slice(0, -1),
        g: `g${u.slice(1)}`,
        'inner-space': `${u.slice(0, 8)} ${u.slice(9)}`,
        'unicode-digit': `\u00b9${u.slice(1)}`,
      }[how];
      return judged(`altered (${how})`, altered);
    }),
    headerText(1, 60).map((v) => judged('random', v)),
  );
})();

// ---------------------------------------------------------------- JSON texts

/** What body-parser's strict JSON parser makes of a text (after decoding UTF-8 and its BOM). */
export function jsonVerdict(text: string): 'malformed' | 'empty' | 'object' | 'array' {
  const decoded = Buffer.from(text, 'utf8')
    .toString('utf8')
    .replace(/^\ufeff/, '');
  if (decoded.length === 0) return 'empty';
  // eslint-disable-next-line no-control-regex -- JSON's own whitespace (RFC 8259): space, tab, LF, CR
  const first = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d])/.exec(decoded)?.[1];
  if (first !== '{' && first !== '[') return 'malformed';
  try {
    JSON.parse(decoded);
  } catch {
    return 'malformed';
  }
  return first === '{' ? 'object' : 'array';
}

/** Texts that are not JSON, or JSON but not an object or array (body-parser is strict). */
export const malformedJsonText = (validBody: string): fc.Arbitrary<string> => {
  const amountAs = (raw: string) => validBody.replace(/"amount":"[^"]*"/, `"amount":${raw}`);
  return fc
    .oneof(
      fc.integer({ min: 1, max: validBody.length - 1 }).map((n) => validBody.slice(0, n)),
      fc.constantFrom(
        `${validBody.slice(0, -1)},}`,
        validBody.replace(/"/g, "'"),
        validBody.replace(/"(\w+)":/g, '$1:'),
        `/* c */${validBody}`,
        `${validBody}//`,
        `${validBody}}`,
        `${validBody}${validBody}`,
        `${validBody},`,
        amountAs('NaN'),
        amountAs('0x10'),
        amountAs('+10'),
        amountAs('.5'),
        amountAs('010'),
        amountAs('undefined'),
        amountAs('"10\\x00"'),
        amountAs('"10\u0001"'),
        amountAs('"10.00'),
        '{',
        '}',
        '[',
        '{"a":}',
        '{"a" 1}',
        '{,}',
        '[1,]',
        ' ',
        '\n\t',
        'null',
        'true',
        'false',
        '0',
        '-1',
        '1e999',
        '"a string"',
        '""',
        '\u00ff',
        'bankUserId=payer&amount=10.00&currency=AZN',
        '<xml/>',
      ),
      anyText(40),
    )
    .filter((t) => jsonVerdict(t) === 'malformed');
};

// ---------------------------------------------------------------- request bodies

/** Writes an object's JSON by hand: keys in the given order, repeated keys kept, `__proto__` as a plain key. */
export function jsonObjectText(entries: ReadonlyArray<readonly [string, unknown]>): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
}
