#!/usr/bin/env node
import { main } from './cli/index.js';

// Informer watches and timers would keep the event loop alive after a graceful stop: exit explicitly.
process.exit(await main(process.argv.slice(2)));
