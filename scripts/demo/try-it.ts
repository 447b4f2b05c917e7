import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The README's "Try it" commands, run as a user pastes them: the ```sh blocks of that section,
 * in order, in one bash. The only addition is a `curl` function that prints each call and its
 * HTTP status around curl's own output, so each answer can be checked.
 */
export interface TryItCall {
  /** curl's arguments as the README writes them, variables expanded. */
  command: string;
  method: string;
  url: string;
  status: number;
  body: string;
}

export function readmeTryItScript(readme: string): string {
  const section = /^## Try it[^\n]*\n([\s\S]*?)(?=^## )/m.exec(readme);
  if (!section) throw new Error('README.md has no "## Try it" section');
  const blocks = [...section[1].matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  if (blocks.length === 0) throw new Error('the README\'s "Try it" section has no ```sh block');
  return blocks.join('\n');
}

/** How many curl calls the script makes (one per command that starts with curl). */
export function countCurlCalls(script: string): number {
  return script.split('\n').filter((line) => /^\s*curl\s/.test(line)).length;
}

const MARK = '@@try-it';

export function parseCalls(output: string): TryItCall[] {
  const calls: TryItCall[] = [];
  for (const chunk of output.split(`${MARK} call `).slice(1)) {
    const [command, ...rest] = chunk.split('\n');
    const statusAt = rest.findIndex((line) => line.startsWith(`${MARK} status `));
    const status = statusAt >= 0 ? Number(rest[statusAt].slice(`${MARK} status `.length)) : 0;
    const body = (statusAt >= 0 ? rest.slice(0, statusAt) : rest).join('\n').trim();
    const method = /(?:^|\s)-X\s+(\S+)/.exec(command)?.[1] ?? 'GET';
    const url = /(?:^|\s)((?:https?:\/\/)?(?:localhost|127\.0\.0\.1):\d+\/\S*)/.exec(command)?.[1] ?? '';
    calls.push({ command, method, url, status, body });
  }
  return calls;
}

/** What each answer must be: a POST creates (201), a GET reads (200); a buy completes. */
export function problemsWith(calls: TryItCall[], expectedCalls: number): string[] {
  const problems: string[] = [];
  if (calls.length !== expectedCalls) problems.push(`${calls.length} of the ${expectedCalls} curl calls ran`);
  for (const call of calls) {
    const expected = call.method === 'POST' ? 201 : 200;
    const where = `${call.method} ${call.url}`;
    if (call.status !== expected) problems.push(`${where} answered ${call.status}, not ${expected}: ${call.body.slice(0, 300)}`);
    let json: unknown;
    try {
      json = JSON.parse(call.body);
    } catch {
      problems.push(`${where} answered no JSON: ${call.body.slice(0, 300)}`);
      continue;
    }
    if (/\/buys?$/.test(call.url) && !JSON.stringify(json).includes('"COMPLETED"')) {
      problems.push(`${where}: the buy is not COMPLETED: ${call.body.slice(0, 300)}`);
    }
  }
  return problems;
}

/** Runs the README's "Try it" commands against the running demo; rejects naming every wrong answer. */
export async function runReadmeTryIt(readmePath: string, env: NodeJS.ProcessEnv, say: (line: string) => void): Promise<TryItCall[]> {
  const commands = readmeTryItScript(readFileSync(readmePath, 'utf8'));
  const script = [
    'set -euo pipefail',
    `curl() { printf '\\n${MARK} call %s\\n' "$*"; command curl -w '\\n${MARK} status %{http_code}\\n' "$@"; }`,
    commands,
  ].join('\n');
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn('bash', ['-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', fail);
    child.on('exit', (exitCode) => done({ code: exitCode, stdout: out, stderr: err }));
  });
  const calls = parseCalls(stdout);
  for (const call of calls) say(`${call.method} ${call.url} -> ${call.status}`);
  const problems = problemsWith(calls, countCurlCalls(commands));
  if (code !== 0) problems.unshift(`the commands stopped with exit code ${code}${stderr ? `: ${stderr.trim().slice(0, 300)}` : ''}`);
  if (problems.length > 0) throw new Error(`the README's "Try it" commands failed:\n  ${problems.join('\n  ')}`);
  return calls;
}
