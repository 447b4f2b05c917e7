import type { AccountKind, Currency } from '@app/prisma-client';

/** What the posting code needs to know of an account to lock and change it. */
export interface AccountRef {
  id: string;
  kind: AccountKind;
  currency: Currency;
}
