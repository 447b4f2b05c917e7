import { BuyResponseData, CustomerActionKind, DepositResponseData, QuoteResponseData, SellResponseData } from '@app/shared-types';
import { coreData, CoreRefusal, coreRefusal } from './core-answer';
import { refusalInWords } from './error-words';
import { money2, utcTime } from './format';

/** What one action is, as the page tells it (its history row and the message after the form). */
export interface ActionStory {
  status: 'COMPLETED' | 'PENDING' | 'FAILED' | 'REFUSED' | 'QUOTED' | 'NO ANSWER';
  tone: 'ok' | 'pending' | 'error' | 'info';
  label: string;
  /** What left the customer's hands, e.g. "100.00 AZN". */
  gave: string | null;
  /** What the customer got. */
  got: string | null;
  /** AZN per USDT. */
  rate: string | null;
  words: string;
  refusal: CoreRefusal | null;
}

export interface ActionFacts {
  kind: CustomerActionKind;
  request: { amount?: string; side?: 'BUY' | 'SELL' };
  httpStatus: number | null;
  body: unknown;
  tradeStatus: 'COMPLETED' | 'FAILED' | null;
}

export function tellAction(facts: ActionFacts): ActionStory {
  const label = labelOf(facts);
  const asked = askedOf(facts);
  if (facts.httpStatus === null) {
    return {
      status: 'NO ANSWER',
      tone: 'error',
      label,
      gave: asked,
      got: null,
      rate: null,
      refusal: null,
      words: 'The crypto service did not answer.',
    };
  }
  const refusal = coreRefusal(facts.httpStatus, facts.body);
  if (refusal) {
    return { status: 'REFUSED', tone: 'error', label, gave: asked, got: null, rate: null, refusal, words: refusalInWords(facts.kind, refusal) };
  }
  const told = tellSuccess(facts);
  return { label, refusal: null, ...told };
}

type Told = Omit<ActionStory, 'label' | 'refusal'>;

function tellSuccess(facts: ActionFacts): Told {
  const amount = money2(facts.request.amount ?? '?');
  switch (facts.kind) {
    case 'DEPOSIT': {
      const data = coreData<DepositResponseData>(facts.httpStatus, facts.body);
      const moved = `${data?.amount ?? amount} AZN`;
      return {
        status: 'COMPLETED',
        tone: 'ok',
        gave: moved,
        got: moved,
        rate: null,
        words: `Moved ${moved} from your bank account into your crypto wallet.`,
      };
    }
    case 'WITHDRAWAL': {
      const data = coreData<DepositResponseData>(facts.httpStatus, facts.body);
      const moved = `${data?.amount ?? amount} AZN`;
      return {
        status: 'COMPLETED',
        tone: 'ok',
        gave: moved,
        got: moved,
        rate: null,
        words: `Moved ${moved} from your crypto wallet back to your bank account.`,
      };
    }
    case 'QUOTE':
      return tellQuote(coreData<QuoteResponseData>(facts.httpStatus, facts.body));
    case 'BUY':
    case 'SELL':
      return tellTrade(facts);
  }
}

function tellQuote(quote: QuoteResponseData | null): Told {
  if (!quote) return { status: 'QUOTED', tone: 'info', gave: null, got: null, rate: null, words: 'Quote received.' };
  const buy = quote.side === 'BUY';
  const gave = buy ? `${quote.amount} AZN` : `${quote.cryptoAmount} USDT`;
  const got = buy ? `${quote.cryptoAmount} USDT` : `${quote.fiatAmount} AZN`;
  const until = utcTime(new Date(quote.expiresAt));
  return {
    status: 'QUOTED',
    tone: 'info',
    gave,
    got,
    rate: quote.exchangeRate,
    words: `Quote: ${gave} ${buy ? 'buys' : 'sells for'} ${got} at ${quote.exchangeRate} AZN per USDT, valid until ${until}.`,
  };
}

function tellTrade(facts: ActionFacts): Told {
  const buy = facts.kind === 'BUY';
  const data = coreData<BuyResponseData & Partial<SellResponseData>>(facts.httpStatus, facts.body);
  const amount = money2(facts.request.amount ?? '?');
  const gave = buy ? `${amount} AZN` : `${data?.cryptoAmount ?? amount} USDT`;
  const got = buy ? (data ? `${data.cryptoAmount} USDT` : null) : data?.fiatAmount ? `${data.fiatAmount} AZN` : null;
  const rate = data?.exchangeRate ?? null;
  const status = facts.tradeStatus ?? data?.status ?? 'PENDING';
  if (status === 'FAILED') {
    return {
      status,
      tone: 'error',
      gave,
      got: null,
      rate,
      words: `The ${buy ? 'buy' : 'sale'} failed at the exchange; what was held for it was released.`,
    };
  }
  if (status === 'PENDING') {
    return {
      status,
      tone: 'pending',
      gave,
      got,
      rate,
      words: `Your ${buy ? 'buy' : 'sale'} is waiting for the exchange to confirm it; its status will update here.`,
    };
  }
  const words = buy ? `Bought ${got} for ${gave} at ${rate} AZN per USDT.` : `Sold ${gave} for ${got} at ${rate} AZN per USDT.`;
  return { status: 'COMPLETED', tone: 'ok', gave, got, rate, words };
}

function labelOf(facts: ActionFacts): string {
  switch (facts.kind) {
    case 'DEPOSIT':
      return 'Deposit to wallet';
    case 'WITHDRAWAL':
      return 'Withdrawal to bank';
    case 'QUOTE':
      return facts.request.side === 'SELL' ? 'Quote to sell' : 'Quote to buy';
    case 'BUY':
      return 'Buy USDT';
    case 'SELL':
      return 'Sell USDT';
  }
}

/** What the customer asked to give, when the core did not say. */
function askedOf(facts: ActionFacts): string | null {
  if (facts.request.amount === undefined) return null;
  const usdt = facts.kind === 'SELL' || (facts.kind === 'QUOTE' && facts.request.side === 'SELL');
  return `${money2(facts.request.amount)} ${usdt ? 'USDT' : 'AZN'}`;
}
