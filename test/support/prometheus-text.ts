import type { INestApplication } from '@nestjs/common';
import { MetricsServer } from '../../apps/core-engine/src/metrics';

/** One scrape of GET /metrics, parsed: sample(name, labels) is 0 for a series not (yet) there. */
export interface Scrape {
  text: string;
  sample(name: string, labels?: Record<string, string>): number;
}

/** GET /metrics on the app's metrics port (started on a free loopback port the first time). */
export async function metricsUrl(app: INestApplication): Promise<string> {
  const port = await app.get(MetricsServer).listen(0, '127.0.0.1');
  return `http://127.0.0.1:${port}/metrics`;
}

export async function scrape(app: INestApplication): Promise<Scrape> {
  const res = await fetch(await metricsUrl(app));
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}: ${text}`);
  const samples = parsePrometheusText(text);
  return {
    text,
    sample(name, labels = {}) {
      const found = samples.find((s) => s.name === name && sameLabels(s.labels, labels));
      return found ? found.value : 0;
    },
  };
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The text exposition format, enough of it for tests: `name{a="x",b="y"} value` lines. */
export function parsePrometheusText(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Scrapes before and after `work`: delta(name, labels) is how much that sample moved meanwhile. */
export async function scrapeAround<T>(
  app: INestApplication,
  work: () => Promise<T>,
): Promise<{ result: T; after: Scrape; delta(name: string, labels?: Record<string, string>): number }> {
  const before = await scrape(app);
  const result = await work();
  const after = await scrape(app);
  return { result, after, delta: (name, labels) => after.sample(name, labels) - before.sample(name, labels) };
}
