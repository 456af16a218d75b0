#!/usr/bin/env node
'use strict';
// The `ydrz` command of the npm package (`npx ydrz sandbox`, `npx ydrz doctor`, ...): runs the ydrz
// executable the package carries for this platform with the same arguments, and exits as it exits.
const { spawn } = require('node:child_process');
const { bundledExecutable } = require('../lib/testing.cjs');

let executable;
try {
  executable = bundledExecutable();
} catch (e) {
  console.error(`ydrz: ${e.message}`);
  process.exit(1);
}
const child = spawn(executable, process.argv.slice(2), { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (e) => {
  console.error(`ydrz: ${executable}: ${e.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code);
});
