#!/usr/bin/env node
// The `creditkit` executable: runs the CLI on this process's arguments.
import { CreditkitError, removeTempFilesOnSignals, osErrorReason } from '../core.js';
import { runCli } from './main.js';
import { writeProcessStdout } from './standardOutput.js';

// Ctrl-C, kill or a closed terminal while an output is being written: remove
// its temporary file, then end by the same signal (exit status 128 + signal).
removeTempFilesOnSignals(['SIGINT', 'SIGTERM', 'SIGHUP']);

// A reader that stops early (`creditkit train ... | head -1`) closes the pipe:
// not an error of ours, so stop printing but finish the work (the model is
// still written) and exit with its status. Any other failure of standard
// output (e.g. a full disk) is reported, and a run that printed nothing it
// should have does not exit 0.
let stdoutOpen = true;
let stdoutFailed = false;
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  stdoutOpen = false;
  if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED' || stdoutFailed) return;
  stdoutFailed = true;
  const failure = new CreditkitError('E_FILE_WRITE', `cannot write: ${osErrorReason(e)}`, { file: 'standard output' });
  process.stderr.write(`creditkit: error [${failure.code}]: ${failure.message}\n`);
  // The error may come after the command has finished (it is emitted on a later tick).
  if (!process.exitCode) process.exitCode = 2;
});
process.stderr.on('error', () => undefined); // nowhere left to report anything

const code = await runCli(process.argv.slice(2), {
  out: (s) => {
    if (stdoutOpen) process.stdout.write(s + '\n');
  },
  err: (s) => process.stderr.write(s),
  write: (s) => (stdoutOpen ? writeProcessStdout(s) : undefined),
  isTTY: process.stderr.isTTY === true,
});
process.exitCode = code === 0 && stdoutFailed ? 2 : code;
