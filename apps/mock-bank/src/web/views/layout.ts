import { Flash } from '../flash';
import { BASE_PAGE_STYLE } from '@app/shared-types';
import { Html, html, raw } from '../html';
import { HOME_PATH } from '../paths';

/** Just enough style for a tidy page (and screenshot); no script anywhere. */
const STYLE = raw(`${BASE_PAGE_STYLE}
header{background:#0b3d5c;color:#fff;padding:10px 24px;display:flex;justify-content:space-between;align-items:center}
header a{color:#fff;text-decoration:none;font-weight:600}
header span{opacity:.8;font-size:12px}
main{max-width:1120px;margin:0 auto;padding:14px 24px 28px}
h1{font-size:20px;margin:4px 0 12px}
h1 small{font-size:13px;font-weight:400;color:#5b6877}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(250px,1fr));gap:12px;margin-bottom:12px}
.nowrap{white-space:nowrap}
.big{font-size:24px;font-weight:600;font-variant-numeric:tabular-nums}
.flash{padding:10px 14px;border-radius:8px;margin-bottom:12px;border:1px solid}
.flash.ok{background:#e9f7ef;border-color:#a3d9b8;color:#14532d}
.flash.error{background:#fdeeee;border-color:#efb0b0;color:#7f1d1d}
.flash small{display:block;opacity:.75;margin-top:2px}
form{margin:0}
form.row{display:flex;gap:6px;align-items:flex-end;flex-wrap:wrap;margin-bottom:8px}
label{display:flex;flex-direction:column;font-size:11px;color:#4a5868;gap:2px}
input,select{font:inherit;padding:4px 6px;border:1px solid #c4ccd6;border-radius:5px;width:110px;background:#fff}
input.wide,select.wide{width:190px}
select{width:auto}
button{font:inherit;padding:5px 12px;border:0;border-radius:5px;background:#0b6bcb;color:#fff;cursor:pointer}
button.alt{background:#5b6877}
button.sell{background:#b45309}
.quote{margin-top:8px;padding:8px 10px;border-radius:6px;background:#eef5fc;border:1px solid #b9d3ee}
.quote form.row{margin:6px 0 0}
.quote.expired{background:#f5f5f5;border-color:#d4d4d4}
.badge.info{background:#e0ecfb;color:#1e4e8c}
a{color:#0b6bcb}
`);

export function layout(title: string, body: Html, flash: Flash | null = null): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Mock Bank</title>
<style>${STYLE}</style>
</head>
<body>
<header><a href="${HOME_PATH}">Mock Bank</a><span>crypto wallet demo · AZN and USDT through the Core Engine</span></header>
<main>
${flash && flashBox(flash)}
${body}
</main>
</body>
</html>`;
}

function flashBox(flash: Flash): Html {
  return html`<div class="flash ${flash.tone}" role="${flash.tone === 'error' ? 'alert' : 'status'}" data-test="flash">${flash.text}${
    flash.detail && html`<small>${flash.detail}</small>`
  }</div>`;
}
