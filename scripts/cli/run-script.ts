/**
 * The frame of a test script run by npm (`test:concurrency:full`, `test:replicas:full`): parses
 * the arguments (a bad one: the message and the usage, exit 2; --help: the usage, exit 0), runs,
 * and exits with what the run returns (0 held, 1 a check failed), or 2 if it threw (the run
 * could not be made: printed with its stack).
 */
export function runScript<O>(name: string, usage: string, parse: (argv: string[]) => O | 'help', run: (options: O) => Promise<number>): void {
  let options: O | 'help';
  try {
    options = parse(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${name}: ${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(usage);
    process.exit(0);
  }
  run(options).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${name}: could not run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(2);
    },
  );
}
