/** Names of system accounts (Account.systemKey). */
export const omnibusKey = (currency: string, sub: number) => `OMNIBUS:${currency}:${sub}`;
export const settlementKey = (bankId: string, currency: string) => `SETTLEMENT:${bankId}:${currency}`;
