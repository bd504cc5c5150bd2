/**
 * Runs `node:util`'s parseArgs (strict: an unknown or malformed option is an
 * error) and turns its error into the usage line, on stderr, exit code 2.
 */
export function orUsage<T>(parse: () => T, usage: string, command: string): T {
  try {
    return parse();
  } catch (error) {
    process.stderr.write(`${command}: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    process.exit(2);
  }
}
