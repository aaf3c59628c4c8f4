#!/usr/bin/env node
// The `creditkit` executable: runs the CLI on this process's arguments.
import { runCli } from './main.js';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s),
  isTTY: process.stderr.isTTY === true,
});
