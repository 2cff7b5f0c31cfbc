import { hostname } from 'node:os';
import { logger } from '../observability/logger.js';
import { parseRunFlags, RUN_USAGE, UsageError } from './flags.js';
import { podNamespaceFromServiceAccount, runOperator } from './run.js';

const USAGE = `Usage: crosstenant <command> [flags]

Commands:
  run    Run the operator (crosstenant run --help for its flags)
`;

/** The `crosstenant` command: dispatches to a subcommand and returns the process exit code. */
export async function main(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    // No command at all is a usage error (stderr, exit 2); asking for help is not.
    (command === undefined ? process.stderr : process.stdout).write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'run') {
    process.stderr.write(`crosstenant: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(RUN_USAGE);
    return 0;
  }
  try {
    const options = parseRunFlags(rest, {
      env: process.env,
      podNamespace: podNamespaceFromServiceAccount,
      hostName: hostname,
    });
    return await runOperator(options);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`crosstenant run: ${err.message}\nRun 'crosstenant run --help' for the flags.\n`);
      return 2;
    }
    logger.error('operator failed', { error: err });
    return 1;
  }
}
