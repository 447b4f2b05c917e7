/**
 * The secrets a message to a bank is signed with: the current one first, then the one it
 * replaced while the rotation's overlap lasts (the caller passes null once it is over), so
 * a bank still holding the old secret and one already holding the new both verify it.
 */
export function secretsInForce(current: string, previous: string | null | undefined): string[] {
  return previous && previous !== current ? [current, previous] : [current];
}

/** The previous secret if its overlap is still running at `now`, else null. */
export function previousSecretInForce(
  bank: { webhookSecretPrevious: string | null; webhookSecretPreviousUntil: Date | null },
  now: Date,
): string | null {
  return bank.webhookSecretPrevious && bank.webhookSecretPreviousUntil && bank.webhookSecretPreviousUntil > now ? bank.webhookSecretPrevious : null;
}
