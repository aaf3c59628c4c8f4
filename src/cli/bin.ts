#!/usr/bin/env node
// The `creditkit` executable: runs the CLI on this process's arguments.
import { runCli } from './main.js';

// A reader that stops early (`creditkit explain ... | head`) closes the pipe:
// that is not an error of ours, so end quietly as other Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s),
  isTTY: process.stderr.isTTY === true,
});
