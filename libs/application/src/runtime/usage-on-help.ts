/**
 * Every command-line entry point answers `--help` (or `-h`) with its usage on
 * stdout and exit 0, before it reads a setting, opens a store or writes a file.
 */
export function usageOnHelp(usage: string, args: readonly string[] = process.argv.slice(2)): void {
  if (!args.includes('--help') && !args.includes('-h')) return;
  process.stdout.write(`${usage.trimEnd()}\n`);
  process.exit(0);
}
