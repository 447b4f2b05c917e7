/** The calling bank, as the API key identified it. */
export interface BankContext {
  id: string;
  code: string;
  spreadBps: number;
  slippageToleranceBps: number;
  apiKeyId: string;
}
