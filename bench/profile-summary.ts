/**
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [--top N]`: where a V8 CPU profile
 * spent its time: self time per area of the stack (Prisma, pg, Nest, Express, validation,
 * the exchange client, the core's own code, GC), the share of busy samples with each area
 * on the stack, and the top functions by self time.
 */
import { summariseProfile } from './lib/profile-summary';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [--top N]\n');
  process.exit(2);
}
const i = process.argv.indexOf('--top');
const s = summariseProfile(file, i > 0 ? Number(process.argv[i + 1]) : 25);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const out: string[] = [`${s.file}: ${s.sampledMs} ms sampled, idle ${pct(s.byArea.idle ?? 0)}`, '', 'self time by area (share of busy):'];
for (const [k, v] of Object.entries(s.byAreaOfBusy)) out.push(`  ${pct(v)}  ${k}`);
out.push('', 'on the stack (share of busy samples with the area anywhere on the stack):');
for (const [k, v] of Object.entries(s.onStackOfBusy)) out.push(`  ${pct(v)}  ${k}`);
out.push('', 'top functions by self time:');
for (const f of s.top) out.push(`  ${pct(f.shareOfBusy)} ${String(f.selfMs).padStart(6)} ms  ${f.fn}  ${f.where}  [${f.area}]`);
process.stdout.write(`${out.join('\n')}\n`);
