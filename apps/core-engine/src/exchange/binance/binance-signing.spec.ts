import { binanceQuery, binanceSignature, signedQuery } from './binance-signing';

/*
 * Binance's own worked example, copied from binance-spot-api-docs rest-api.md, section
 * "SIGNED Endpoint Examples for POST /api/v3/order", "HMAC Keys" (commit a5e0bc3ddc0fd7e6bb696849323b74423fa3a54d):
 * https://github.com/binance/binance-spot-api-docs/blob/master/rest-api.md#signed-endpoint-examples-for-post-apiv3order
 * The keys are the documentation's illustration keys, not ours.
 */
const DOC_API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const DOC_SECRET_KEY = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const DOC_PARAMS = (symbol: string): [string, string][] => [
  ['symbol', symbol],
  ['side', 'BUY'],
  ['type', 'LIMIT'],
  ['timeInForce', 'GTC'],
  ['quantity', '1'],
  ['price', '0.1'],
  ['recvWindow', '5000'],
  ['timestamp', '1499827319559'],
];

describe('Binance request signing (the documentation example)', () => {
  it('builds the documented payload and signature for the ASCII example', () => {
    const payload = binanceQuery(DOC_PARAMS('LTCBTC'));
    expect(payload).toBe('symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559');
    expect(binanceSignature(payload, DOC_SECRET_KEY)).toBe('c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71');
    expect(signedQuery(DOC_PARAMS('LTCBTC'), DOC_SECRET_KEY)).toBe(
      'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559' +
        '&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71',
    );
  });

  it('percent-encodes before signing, as the non-ASCII example shows', () => {
    const payload = binanceQuery(DOC_PARAMS('１２３４５６'));
    expect(payload).toBe(
      'symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559',
    );
    expect(binanceSignature(payload, DOC_SECRET_KEY)).toBe('e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3');
  });

  it('signs with the secret, never the API key', () => {
    const payload = binanceQuery(DOC_PARAMS('LTCBTC'));
    expect(binanceSignature(payload, DOC_API_KEY)).not.toBe('c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71');
  });
});
