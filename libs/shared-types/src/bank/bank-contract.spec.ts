import { signedHeaders, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './bank-contract';

describe('signatures during a webhook secret rotation', () => {
  const body = '{"eventId":"e1"}';
  const check = (headers: Record<string, string>, secret: string) =>
    verifySignature(secret, headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER], body);

  it('one secret: one signature, as before rotations existed', () => {
    const headers = signedHeaders('secret-one', body);
    expect(headers[SIGNATURE_HEADER]).toMatch(/^[0-9a-f]{64}$/);
    expect(check(headers, 'secret-one')).toBe('ok');
    expect(check(headers, 'secret-two')).toBe('mismatch');
  });

  it('two secrets: two signatures over the same timestamp, each verifies with its own secret only', () => {
    const headers = signedHeaders(['secret-new', 'secret-old'], body);
    expect(headers[SIGNATURE_HEADER]).toMatch(/^[0-9a-f]{64},[0-9a-f]{64}$/);
    expect(check(headers, 'secret-new')).toBe('ok');
    expect(check(headers, 'secret-old')).toBe('ok');
    expect(check(headers, 'secret-other')).toBe('mismatch');
  });

  it('a list of signatures does not loosen the other checks', () => {
    const stale = signedHeaders(['a-secret', 'b-secret'], body, { nowSeconds: Math.floor(Date.now() / 1000) - 600 });
    expect(check(stale, 'a-secret')).toBe('stale');
    const headers = signedHeaders(['a-secret', 'b-secret'], body);
    expect(verifySignature('a-secret', headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER], `${body} `)).toBe('mismatch');
    expect(verifySignature('a-secret', headers[TIMESTAMP_HEADER], ',', body)).toBe('mismatch');
  });
});
