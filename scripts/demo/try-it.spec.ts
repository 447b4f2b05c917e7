import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { countCurlCalls, parseCalls, problemsWith, readmeTryItScript } from './try-it';

/** The README's "Try it" commands run for real in `npm run demo`; this checks what can be checked without the services. */
describe('the README\'s "Try it" commands', () => {
  const script = readmeTryItScript(readFileSync(resolve(__dirname, '../../README.md'), 'utf8'));

  it('are the ```sh blocks of the section: seven curl calls, needing only bash, curl, date and node', () => {
    expect(countCurlCalls(script)).toBe(7);
    const programs = new Set(
      script
        .split('\n')
        .flatMap((line) => [...line.matchAll(/(?:^|\$\()\s*([a-z][\w-]*)\s/g)].map((m) => m[1]))
        .filter((word) => !/^(curl|node|date)$/.test(word)),
    );
    expect([...programs]).toEqual([]);
    expect(script).not.toContain('uuidgen');
  });

  it('are checked answer by answer: 201 for a POST, 200 for a GET, a buy COMPLETED', () => {
    const output = [
      '@@try-it call -s -X POST localhost:3002/customers/c/buys -H content-type: application/json -d {"amount":"50.00"}',
      '{"status":"PENDING"}',
      '@@try-it status 202',
      '@@try-it call -s localhost:3002/customers/c',
      '{"id":"c"}',
      '@@try-it status 200',
    ].join('\n');
    const calls = parseCalls(output);
    expect(calls.map((c) => [c.method, c.url, c.status])).toEqual([
      ['POST', 'localhost:3002/customers/c/buys', 202],
      ['GET', 'localhost:3002/customers/c', 200],
    ]);
    const problems = problemsWith(calls, 3);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe('2 of the 3 curl calls ran');
    expect(problems[1]).toContain('answered 202, not 201');
    expect(problems[2]).toContain('the buy is not COMPLETED');
  });
});
