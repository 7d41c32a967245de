#!/usr/bin/env node
import { main } from '../dist/src/cli/main.js';
import { armExitWatchdog } from '../dist/src/cli/exit-watchdog.js';
const code = await main(process.argv);
process.exitCode = code;
// Whatever still holds the event loop, the process ends with the verdict's code (docs/outages-and-exit.md).
armExitWatchdog(code);
