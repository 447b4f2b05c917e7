/** Two small line charts, hand-written SVG: throughput and p99 latency against concurrency. */

export interface Series {
  name: string;
  color: string;
  /** One value per concurrency step; null where the series was not measured. */
  throughput: (number | null)[];
  p99: (number | null)[];
}

const W = 460;
const H = 300;
const M = { left: 62, right: 44, top: 34, bottom: 46 };

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function panel(
  x0: number,
  title: string,
  unit: string,
  concurrencies: number[],
  series: Series[],
  pick: (s: Series) => (number | null)[],
  target?: number,
): string {
  const values = series.flatMap((s) => pick(s).filter((v): v is number => v !== null));
  const max = niceMax(Math.max(1, target ?? 0, ...values) * 1.05);
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (i: number) => x0 + M.left + (concurrencies.length === 1 ? pw / 2 : (i * pw) / (concurrencies.length - 1));
  const y = (v: number) => M.top + ph - (v / max) * ph;
  const parts: string[] = [];
  parts.push(`<text x="${x0 + W / 2}" y="20" text-anchor="middle" font-weight="bold">${esc(title)}</text>`);
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    parts.push(`<line x1="${x0 + M.left}" x2="${x0 + W - M.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="${x0 + M.left - 6}" y="${y(v) + 4}" text-anchor="end">${Number.isInteger(v) ? v : v.toFixed(1)}</text>`);
  }
  concurrencies.forEach((c, i) => {
    parts.push(`<text x="${x(i)}" y="${H - M.bottom + 16}" text-anchor="middle">${c}</text>`);
  });
  parts.push(`<text x="${x0 + M.left + pw / 2}" y="${H - 10}" text-anchor="middle">concurrency (clients)</text>`);
  parts.push(`<text transform="translate(${x0 + 14},${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(unit)}</text>`);
  if (target !== undefined) {
    parts.push(`<line x1="${x0 + M.left}" x2="${x0 + W - M.right}" y1="${y(target)}" y2="${y(target)}" stroke="#888" stroke-dasharray="5,4"/>`);
    parts.push(`<text x="${x0 + W - M.right}" y="${y(target) - 4}" text-anchor="end" fill="#888" font-size="10">target ${target}</text>`);
  }
  parts.push(`<line x1="${x0 + M.left}" x2="${x0 + M.left}" y1="${M.top}" y2="${M.top + ph}" stroke="#333"/>`);
  parts.push(`<line x1="${x0 + M.left}" x2="${x0 + W - M.right}" y1="${M.top + ph}" y2="${M.top + ph}" stroke="#333"/>`);
  for (const s of series) {
    const pts = pick(s)
      .map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
      .filter((p): p is string => p !== null);
    if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.join(' ')}"/>`);
    pick(s).forEach((v, i) => {
      if (v === null) return;
      parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${s.color}"/>`);
      parts.push(`<text x="${(x(i) + 5).toFixed(1)}" y="${(y(v) - 5).toFixed(1)}" fill="${s.color}" font-size="10">${v}</text>`);
    });
  }
  return parts.join('\n');
}

export function chartSvg(title: string, concurrencies: number[], series: Series[], targets?: { throughput?: number; p99?: number }): string {
  const legend = series
    .map(
      (s, i) =>
        `<rect x="${20 + i * 250}" y="${H + 8}" width="12" height="12" fill="${s.color}"/><text x="${36 + i * 250}" y="${H + 18}">${esc(s.name)}</text>`,
    )
    .join('\n');
  const targetNote = targets
    ? `<text x="20" y="${H + 40}" fill="#666">dashed: the targets at the top concurrency (${[targets.throughput !== undefined ? `≥ ${targets.throughput} buys/s` : '', targets.p99 !== undefined ? `p99 ≤ ${targets.p99} ms` : ''].filter(Boolean).join(', ')})</text>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H + 70}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${W}" y="${H + 60}" text-anchor="middle" fill="#666" font-size="11">${esc(title)}</text>
${panel(0, 'Throughput', 'per second', concurrencies, series, (s) => s.throughput, targets?.throughput)}
${panel(W, 'p99 latency', 'milliseconds', concurrencies, series, (s) => s.p99, targets?.p99)}
${legend}
${targetNote}
</svg>
`;
}
