/** The calling bank, as the API key identified it. */
export interface BankContext {
  id: string;
  code: string;
  spreadBps: number;
  slippageToleranceBps: number;
  apiKeyId: string;
  /** Base URL of the bank's API for acknowledgements; null: none configured. */
  callbackUrl: string | null;
  /** Where trade events go; null: the bank takes no webhooks (none are queued). */
  webhookUrl: string | null;
  webhookSecret: string | null;
  /** The secret a rotation replaced, while its overlap lasts: messages are signed with both. */
  previousWebhookSecret?: string | null;
  /** Suspended by an operator: ApiKeyGuard refuses the bank's requests (BANK_SUSPENDED). */
  suspended?: boolean;
}
