import { ConfigError, loadConfig, usageOnHelp, type Config } from '@pi/application';

/**
 * Runs `node:util`'s parseArgs (strict: an unknown or malformed option is an
 * error) and turns its error into the usage line, on stderr, exit code 2.
 * `--help` (or `-h`) prints the usage on stdout and exits 0 before anything runs.
 */
export function orUsage<T>(parse: () => T, usage: string, command: string): T {
  usageOnHelp(usage);
  try {
    return parse();
  } catch (error) {
    process.stderr.write(`${command}: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    process.exit(2);
  }
}

/** Says what went wrong on stderr, prefixed with the command, and exits (2: the input; 1: anything else). */
export function failWith(command: string) {
  return (message: string, code = 2): never => {
    process.stderr.write(`${command}: ${message}\n`);
    process.exit(code);
  };
}

/** The settings from the environment, or every bad one on stderr and exit 2. */
export function configOrExit(command: string): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) failWith(command)(error.message);
    throw error;
  }
}
