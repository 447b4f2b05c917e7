import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';

const ROOT = resolve(__dirname, '../..');
const FILE = resolve(ROOT, '.env.example');

/**
 * .env.example is read by dotenv (the demo), by docker compose (as .env), and by a shell that
 * sources it (`set -a; . ./.env.example`): each must see the same values.
 */
describe('.env.example', () => {
  const dotenv = parse(readFileSync(FILE));

  it('sources in a POSIX shell without an error, each variable with the value dotenv reads', () => {
    // -e: a line the shell cannot run (an unquoted value with a space runs its second word) stops it.
    const script = `set -e; set -a; . "$1"; set +a; for name in ${Object.keys(dotenv).join(' ')}; do eval "printf '%s=%s\\\\0' \\"\\$name\\" \\"\\\${$name}\\""; done`;
    const out = execFileSync('sh', ['-c', script, 'sh', FILE], {
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const shell = Object.fromEntries(
      out
        .split('\0')
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    );
    expect(shell).toEqual(dotenv);
  });

  it("quotes the values that have a space (the demo bank's name)", () => {
    expect(dotenv.DEMO_BANK_NAME).toBe('Demo Bank');
    for (const line of readFileSync(FILE, 'utf8').split('\n')) {
      const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
      if (m && /\s/.test(m[2])) expect(m[2]).toMatch(/^(".*"|'.*')$/);
    }
  });
});
