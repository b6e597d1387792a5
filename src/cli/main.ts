#!/usr/bin/env node
// The `murphy` command line: one subcommand per component or tool, dispatched by name.
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2));
