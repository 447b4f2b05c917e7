/** The page helpers live in the shared lib (the Core Engine's operator page uses them too). */
export { Html, escapeHtml, html, raw } from '@app/shared-types';
export type { HtmlValue } from '@app/shared-types';
