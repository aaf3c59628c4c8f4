import { CreditkitError, init } from '../core.js';
import { type CliIO, type Command, parseCommandArgs } from './args.js';
import { checkOutputsAreNew } from './commandFiles.js';
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
import { resetStandardInput } from './standardInput.js';
import { closestNames, didYouMean } from './didYouMean.js';

const COMMANDS: Command[] = [
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
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [`usage: ${c.usage}`, '', c.summary, '', c.help, '  -h, --help               show this help'].join('\n');
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
    const values = parseCommandArgs(cmd, rest);
    if (values.help) {
      io.out(commandHelp(cmd));
      return 0;
    }
    await checkOutputsAreNew(cmd.files(values));
    await init();
    await cmd.run(values, io);
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
