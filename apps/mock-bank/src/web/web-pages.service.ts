import { Injectable, Logger } from '@nestjs/common';
import { BalanceView, CustomerOverview, QuoteResponseData } from '@app/shared-types';
import { WalletActionsService } from '../actions/wallet-actions.service';
import { CustomersService } from '../customers/customers.service';
import { CustomerNotFoundError } from '../errors';
import { coreData } from './core-answer';
import { checkLiabilityProof } from './liability-proof-check';
import { Flash } from './flash';
import { OrderActionsService } from './order-actions.service';
import { PageReadsRepository } from './page-reads.repository';
import { QuoteOnPage } from './page-models';
import { customerPage } from './views/customer-page.view';
import { homePage } from './views/home.view';
import { transactionPage } from './views/transaction.view';

const CURRENCIES = ['AZN', 'USDT'] as const;

/** Gathers what each page shows and draws it. */
@Injectable()
export class WebPagesService {
  private readonly logger = new Logger(WebPagesService.name);

  constructor(
    private readonly customers: CustomersService,
    private readonly wallet: WalletActionsService,
    private readonly reads: PageReadsRepository,
    private readonly orders: OrderActionsService,
  ) {}

  async home(flash: Flash | null): Promise<string> {
    return homePage(await this.reads.customers(), flash).text;
  }

  async customer(customerId: string, quoteActionId: string | undefined, flash: Flash | null): Promise<string> {
    const [{ customer, wallet }, history, quote, coreTransactions, liabilityProof, orders] = await Promise.all([
      this.overview(customerId),
      this.reads.history(customerId),
      quoteActionId ? this.quote(customerId, quoteActionId) : null,
      this.wallet.recentTransactions(customerId),
      this.wallet.liabilityProof(customerId),
      this.orders.list(customerId),
    ]).then(
      ([o, h, q, t, proof, ord]) =>
        [o, h, q, t, proof && { document: proof.document, problem: checkLiabilityProof(proof.document, proof.publishedRoot) }, ord] as const,
    );
    return customerPage({ customer, wallet, history, quote, coreTransactions, liabilityProof, orders, now: new Date() }, flash).text;
  }

  async transaction(customerId: string, transactionId: string): Promise<string> {
    const [customer, transaction] = await Promise.all([this.customers.get(customerId), this.wallet.transaction(customerId, transactionId)]);
    return transactionPage({ customer, transaction }).text;
  }

  /** The bank's side always; the wallet only when the core answers (the page still helps without it). */
  private async overview(customerId: string): Promise<{ customer: CustomerOverview; wallet: BalanceView[] | null }> {
    try {
      const customer = await this.customers.overview(customerId);
      return { customer, wallet: CURRENCIES.map((c) => customer.wallet.find((b) => b.currency === c) ?? emptyBalance(c)) };
    } catch (err) {
      if (err instanceof CustomerNotFoundError) throw err;
      this.logger.warn(`wallet of ${customerId} not shown: ${err instanceof Error ? err.message : String(err)}`);
      return { customer: { ...(await this.customers.get(customerId)), wallet: [] }, wallet: null };
    }
  }

  private async quote(customerId: string, actionId: string): Promise<QuoteOnPage | null> {
    const record = await this.reads.action(customerId, actionId);
    const quote = record?.kind === 'QUOTE' ? coreData<QuoteResponseData>(record.httpStatus, record.body) : null;
    return record && quote ? { actionId: record.actionId, quote } : null;
  }
}

function emptyBalance(currency: 'AZN' | 'USDT'): BalanceView {
  return { currency, balance: '0.00', lockedBalance: '0.00', available: '0.00' };
}
