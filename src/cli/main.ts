import { CreditkitError, init } from '../core.js';
import { type CliIO, type Command, parseCommandArgs } from './args.js';
import { checkOutputsAreNew, type CommandFiles } from './commandFiles.js';
import { writeProcessStdout } from './standardOutput.js';
import { compareCommand } from './commands/compare.js';
import { convertCommand } from './commands/convert.js';
import { demoCommand } from './commands/demo.js';
import { evaluateCommand } from './commands/evaluate.js';
import { explainCommand } from './commands/explain.js';
import { optimizeCommand } from './commands/optimize.js';
import { capitalCommand } from './commands/capital.js';
import { migrationCommand } from './commands/migration.js';
import { scoreCommand } from './commands/score.js';
import { trainCommand } from './commands/train.js';
import { pointsCommand } from './commands/points.js';
import { scorecardCommand } from './commands/scorecard.js';
import { monitorCommand } from './commands/monitor.js';
import { tuneCommand } from './commands/tune.js';
import { selectCommand } from './commands/select.js';
import { reportCommand } from './commands/report.js';
import { validateCommand } from './commands/validate.js';
import { packageVersion } from './version.js';
import { resetStandardInput, STANDARD_STREAM } from './standardInput.js';
import { closestNames, didYouMean } from './didYouMean.js';

export const COMMANDS: Command[] = [
  trainCommand, scoreCommand, evaluateCommand, convertCommand,
  explainCommand, tuneCommand, selectCommand, scorecardCommand, pointsCommand, monitorCommand,
  compareCommand, reportCommand, validateCommand, optimizeCommand, capitalCommand, migrationCommand, demoCommand,
];

function mainHelp(): string {
  return [
    'creditkit — credit-risk models in WebAssembly',
    '',
    'usage: creditkit <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)}${c.summary}`),
    '',
    'Run "creditkit <command> --help" for the options of a command;',
    '"creditkit --version" (or -V) prints the version.',
    'A file flag given "-" reads standard input or writes standard output (one of each per run).',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [`usage: ${c.usage}`, '', c.summary, '', c.help, '  -h, --help               show this help'].join('\n');
}

/**
 * The IO a command runs with: when one of its outputs is standard output
 * (`-`), what it prints for a person goes to stderr, so that standard output
 * carries the output alone; `--json` would mix into it, so it is refused.
 */
function standardOutputIO(files: CommandFiles, values: Record<string, unknown>, io: CliIO): CliIO {
  const toStdout = files.outputs.filter((f) => f.path === STANDARD_STREAM);
  if (toStdout.length === 0) return io;
  if (values.json === true) {
    throw new CreditkitError('E_USAGE', `--json and --${toStdout[0].flag} - both print to standard output: name a file for --${toStdout[0].flag}, or leave out --json`);
  }
  return { ...io, out: (s) => io.err(`${s}\n`), write: io.write ?? writeProcessStdout };
}

/** Runs the CLI; returns the process exit code (0 ok, 2 bad input or usage, 1 internal error). */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  resetStandardInput();
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.out(await packageVersion());
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  try {
    if (!cmd) {
      const names = COMMANDS.map((c) => c.name);
      throw new CreditkitError('E_USAGE', `unknown command "${name}"${didYouMean(closestNames(name, names))} (commands: ${names.join(', ')})`);
    }
    const values = parseCommandArgs(cmd, rest, io.err);
    if (values.help) {
      io.out(commandHelp(cmd));
      return 0;
    }
    const files = cmd.files(values);
    await checkOutputsAreNew(files);
    await init();
    await cmd.run(values, standardOutputIO(files, values, io));
    return 0;
  } catch (e) {
    if (e instanceof CreditkitError) {
      io.err(`creditkit: error [${e.code}]: ${e.message}\n`);
      return 2;
    }
    io.err(`creditkit: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
