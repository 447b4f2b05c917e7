/**
 * The style both server-rendered pages share (the Mock Bank's demo page, the Core Engine's
 * operator page): cards, tables, numbers, badges. Each page adds its own header and forms.
 */
export const BASE_PAGE_STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 "DejaVu Sans","Liberation Sans",system-ui,sans-serif;color:#1c2430;background:#f2f4f7}
h2{font-size:12px;margin:0 0 8px;text-transform:uppercase;letter-spacing:.05em;color:#4a5868}
.card{background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:12px 14px;margin-bottom:12px}
.grid .card{margin-bottom:0}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e8ecf0;vertical-align:top}
th{font-size:11px;color:#5b6877;font-weight:600;text-transform:uppercase}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.muted{color:#6b7785;font-size:12px}
.badge{display:inline-block;font-size:11px;font-weight:600;padding:1px 7px;border-radius:9px;white-space:nowrap}
.badge.ok{background:#dcfce7;color:#166534}
.badge.pending{background:#fef3c7;color:#92400e}
.badge.error{background:#fee2e2;color:#991b1b}
`;
