import { ExchangeErrorCode } from '@app/shared-types';
import { createValidationPipe, RequestValidationError } from '../errors';
import { PlaceOrderDto } from './place-order.dto';

const valid = { symbol: 'AZNUSDT', side: 'BUY', quantity: '50.00', type: 'MARKET' };

async function validate(body: unknown): Promise<PlaceOrderDto> {
  return (await createValidationPipe().transform(body, { type: 'body', metatype: PlaceOrderDto })) as PlaceOrderDto;
}

async function rejection(body: unknown): Promise<RequestValidationError> {
  try {
    await validate(body);
  } catch (err) {
    if (err instanceof RequestValidationError) return err;
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(body)}`);
}

describe('PlaceOrderDto validation', () => {
  it('accepts the contract example, keeping the quantity text as sent', async () => {
    const dto = await validate(valid);
    expect(dto).toBeInstanceOf(PlaceOrderDto);
    expect(dto.quantity).toBe('50.00');
  });

  it.each(['1', '0.00000001', '50.5', '123456789.12345678', '0.1'])('accepts quantity %s', async (quantity) => {
    expect((await validate({ ...valid, quantity })).quantity).toBe(quantity);
  });

  it('accepts a clientOrderId of 1..64 [A-Za-z0-9_-]', async () => {
    expect((await validate({ ...valid, clientOrderId: 'a' })).clientOrderId).toBe('a');
    expect((await validate({ ...valid, clientOrderId: `Ab9_-${'x'.repeat(59)}` })).clientOrderId).toHaveLength(64);
  });

  it('accepts a timestamp in milliseconds and a recvWindow of 1..60000', async () => {
    expect(await validate({ ...valid, timestamp: 1764800000000, recvWindow: 60000 })).toMatchObject({ timestamp: 1764800000000, recvWindow: 60000 });
  });

  it.each<[string, unknown, ExchangeErrorCode]>([
    ['a number', 50, 'INVALID_QUANTITY'],
    ['negative', '-5', 'INVALID_QUANTITY'],
    ['zero', '0', 'INVALID_QUANTITY'],
    ['zero with decimals', '0.00', 'INVALID_QUANTITY'],
    ['exponent notation', '5e1', 'INVALID_QUANTITY'],
    ['spaces', ' 50.00', 'INVALID_QUANTITY'],
    ['more than 8 decimals', '1.123456789', 'INVALID_QUANTITY'],
    ['a bare point', '50.', 'INVALID_QUANTITY'],
    ['a leading point', '.5', 'INVALID_QUANTITY'],
    ['a comma', '50,00', 'INVALID_QUANTITY'],
    ['empty', '', 'INVALID_QUANTITY'],
    ['null (counts as missing)', null, 'INVALID_REQUEST'],
  ])('rejects a quantity that is %s', async (_case, quantity, code) => {
    expect((await rejection({ ...valid, quantity })).code).toBe(code);
  });

  it.each<[string, object, ExchangeErrorCode]>([
    ['an unknown symbol', { symbol: 'BTCUSDT' }, 'UNKNOWN_SYMBOL'],
    ['a lowercase symbol', { symbol: 'aznusdt' }, 'UNKNOWN_SYMBOL'],
    ['an unknown side', { side: 'HOLD' }, 'INVALID_SIDE'],
    ['a lowercase side', { side: 'buy' }, 'INVALID_SIDE'],
    ['an unknown type', { type: 'LIMIT' }, 'INVALID_TYPE'],
    ['a clientOrderId with a space', { clientOrderId: 'a b' }, 'INVALID_CLIENT_ORDER_ID'],
    ['a clientOrderId of 65 characters', { clientOrderId: 'x'.repeat(65) }, 'INVALID_CLIENT_ORDER_ID'],
    ['an empty clientOrderId', { clientOrderId: '' }, 'INVALID_CLIENT_ORDER_ID'],
    ['an unknown field', { price: '1.7' }, 'INVALID_REQUEST'],
    ['a timestamp as text', { timestamp: '1764800000000' }, 'INVALID_TIMESTAMP'],
    ['a fractional timestamp', { timestamp: 1764800000000.5 }, 'INVALID_TIMESTAMP'],
    ['a negative timestamp', { timestamp: -1 }, 'INVALID_TIMESTAMP'],
    ['a recvWindow of 0', { timestamp: 1764800000000, recvWindow: 0 }, 'INVALID_RECV_WINDOW'],
    ['a recvWindow above 60000', { timestamp: 1764800000000, recvWindow: 60001 }, 'INVALID_RECV_WINDOW'],
    ['a recvWindow as text', { timestamp: 1764800000000, recvWindow: '5000' }, 'INVALID_RECV_WINDOW'],
  ])('rejects %s', async (_case, change, code) => {
    expect((await rejection({ ...valid, ...change })).code).toBe(code);
  });

  it.each(['symbol', 'side', 'quantity', 'type'])('rejects a body without %s as INVALID_REQUEST, naming it', async (field) => {
    const body: Record<string, unknown> = { ...valid };
    delete body[field];
    const error = await rejection(body);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toContain(`${field} is required`);
  });

  it('reports an unknown field before a bad value, and names both', async () => {
    const error = await rejection({ ...valid, side: 'HOLD', extra: true });
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toContain('extra is not a known field');
    expect(error.message).toContain('side must be one of: BUY, SELL');
  });
});
