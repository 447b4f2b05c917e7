import type { Request, Response } from 'express';
import { CLEAR_FLASH_COOKIE, Flash, flashCookie, readFlash } from './flash';
import { PageRedirect } from './web-actions.service';

/** No script runs on these pages; inline style is all they need. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function sendPage(res: Response, page: string, status = 200): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      // Balances change with every action: never show a stale copy.
      'Cache-Control': 'no-store',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    })
    .send(page);
}

/** 303: the browser follows with a GET, so a reload never sends the form again. */
export function sendRedirect(res: Response, redirect: PageRedirect): void {
  res.append('Set-Cookie', flashCookie(redirect.flash)).redirect(303, redirect.location);
}

export function redirectTo(res: Response, location: string): void {
  res.redirect(303, location);
}

/** The flash left by the last form, cleared so that it shows once. */
export function takeFlash(req: Request, res: Response): Flash | null {
  const flash = readFlash(req.headers.cookie);
  if (flash) res.append('Set-Cookie', CLEAR_FLASH_COOKIE);
  return flash;
}

/** A query parameter given once; repeated or absent is undefined. */
export function singleQuery(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
