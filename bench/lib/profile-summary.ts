import { readFileSync } from 'node:fs';
import { round } from './latency';

/** The parts of a V8 .cpuprofile used here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  file: string;
  sampledMs: number;
  /** Share of all samples (idle included) per area of code. */
  byArea: Record<string, number>;
  /** Share of the busy samples (idle left out) per area of code. */
  byAreaOfBusy: Record<string, number>;
  /** Share of the busy samples with at least one frame of the area on the stack (areas overlap). */
  onStackOfBusy: Record<string, number>;
  /** Top functions by self time. */
  top: { fn: string; where: string; area: string; selfMs: number; shareOfBusy: number }[];
}

/** Which part of the stack a frame belongs to, from its script's path. */
export function areaOf(functionName: string, url: string): string {
  if (functionName === '(root)') return '(root)';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName === '(program)') return 'V8/native (program)';
  if (url.startsWith('wasm://')) return 'prisma (wasm query compiler)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) {
    if (pkg.startsWith('@prisma/')) return 'prisma';
    if (pkg === 'pg' || pkg.startsWith('pg-')) return 'pg driver';
    if (pkg.startsWith('@nestjs/')) return 'nestjs';
    if (
      [
        'express',
        'body-parser',
        'router',
        'raw-body',
        'finalhandler',
        'send',
        'type-is',
        'qs',
        'iconv-lite',
        'on-finished',
        'content-type',
        'accepts',
        'negotiator',
        'mime-types',
        'path-to-regexp',
      ].includes(pkg)
    )
      return 'express';
    if (['class-validator', 'class-transformer', 'validator', 'libphonenumber-js'].includes(pkg)) return 'validation';
    if (['axios', 'follow-redirects', 'rxjs', 'form-data', 'proxy-from-env'].includes(pkg)) return 'axios/rxjs (exchange client)';
    if (pkg === 'decimal.js') return 'decimal.js';
    return pkg;
  }
  if (/\/generated\/prisma\//.test(url)) return 'prisma';
  if (/\/dist\/apps\/core-engine\/apps\//.test(url)) return 'core-engine code';
  if (/\/dist\/apps\/core-engine\/libs\//.test(url)) return 'core-engine libs';
  if (/\/dist\/apps\/core-engine\/generated\//.test(url)) return 'prisma';
  if (url.startsWith('node:') || url === '') return 'node internals';
  return 'other';
}

export function summariseProfile(file: string, topN = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  // A builtin (JSON.parse, a RegExp, a Map) has no script: it is charged to its caller's area.
  const areaMemo = new Map<number, string>();
  const areaOfNode = (id: number): string => {
    const known = areaMemo.get(id);
    if (known) return known;
    const { functionName, url } = (byId.get(id) as CpuProfile['nodes'][number]).callFrame;
    let area = areaOf(functionName, url);
    if (url === '' && area === 'node internals') {
      const up = parent.get(id);
      area = up === undefined || byId.get(up)?.callFrame.functionName === '(root)' ? 'node internals' : areaOfNode(up);
    }
    areaMemo.set(id, area);
    return area;
  };
  const stackMemo = new Map<number, Set<string>>();
  const stackAreas = (id: number): Set<string> => {
    const known = stackMemo.get(id);
    if (known) return known;
    const up = parent.get(id);
    const set = new Set(up === undefined ? [] : stackAreas(up));
    set.add(areaOfNode(id));
    stackMemo.set(id, set);
    return set;
  };

  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time before sample i; it is charged to the sample before it.
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + Math.max(0, dt));
  }
  const areas = new Map<string, number>();
  const onStack = new Map<string, number>();
  const fns = new Map<string, { fn: string; where: string; area: string; us: number }>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOfNode(id);
    areas.set(area, (areas.get(area) ?? 0) + us);
    if (area !== 'idle') for (const a of stackAreas(id)) onStack.set(a, (onStack.get(a) ?? 0) + us);
    total += us;
    const where = url
      ? `${url
          .replace(/^file:\/\//, '')
          .replace(/^.*?node_modules\//, '')
          .replace(/^.*?\/dist\//, 'dist/')}:${lineNumber + 1}`
      : '';
    const key = `${functionName}@${where}`;
    const entry = fns.get(key) ?? { fn: functionName || '(anonymous)', where, area, us: 0 };
    entry.us += us;
    fns.set(key, entry);
  }
  const idle = areas.get('idle') ?? 0;
  const busy = Math.max(1, total - idle);
  const share = (m: Map<string, number>, of: number, skipIdle: boolean) =>
    Object.fromEntries(
      [...m]
        .filter(([k]) => !(skipIdle && k === 'idle') && k !== '(root)')
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, round(v / of, 3)]),
    );
  return {
    file,
    sampledMs: round(total / 1000, 0),
    byArea: share(areas, Math.max(1, total), false),
    byAreaOfBusy: share(areas, busy, true),
    onStackOfBusy: share(onStack, busy, true),
    top: [...fns.values()]
      .filter((f) => f.area !== 'idle')
      .sort((a, b) => b.us - a.us)
      .slice(0, topN)
      .map((f) => ({ fn: f.fn, where: f.where, area: f.area, selfMs: round(f.us / 1000, 0), shareOfBusy: round(f.us / busy, 3) })),
  };
}
