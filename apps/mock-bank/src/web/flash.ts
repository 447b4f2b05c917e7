/**
 * The one-time message shown after a form is sent (post, 303 redirect, get). It travels in
 * a short-lived cookie rather than the query string, so a link cannot put words on the
 * bank's page and a reload does not repeat it.
 */
export interface Flash {
  tone: 'ok' | 'error';
  text: string;
  /** The core's own code and message, shown small under the words. */
  detail?: string;
}

export const FLASH_COOKIE = 'mock_bank_flash';
const MAX_TEXT = 600;

export function flashCookie(flash: Flash): string {
  const value = Buffer.from(
    JSON.stringify({ tone: flash.tone, text: flash.text.slice(0, MAX_TEXT), detail: flash.detail?.slice(0, MAX_TEXT) }),
  ).toString('base64url');
  return `${FLASH_COOKIE}=${value}; Path=/; Max-Age=120; HttpOnly; SameSite=Lax`;
}

export const CLEAR_FLASH_COOKIE = `${FLASH_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`;

/** The flash in a Cookie header, if any and well formed. */
export function readFlash(cookieHeader: string | undefined): Flash | null {
  const entry = (cookieHeader ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${FLASH_COOKIE}=`));
  if (!entry) return null;
  try {
    const parsed = JSON.parse(Buffer.from(entry.slice(FLASH_COOKIE.length + 1), 'base64url').toString('utf8')) as Partial<Flash>;
    if ((parsed.tone !== 'ok' && parsed.tone !== 'error') || typeof parsed.text !== 'string') return null;
    return { tone: parsed.tone, text: parsed.text, ...(typeof parsed.detail === 'string' && { detail: parsed.detail }) };
  } catch {
    return null;
  }
}
