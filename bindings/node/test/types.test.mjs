// The shipped TypeScript declarations compile against typical use (and reject misuse) under --strict.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL('.', import.meta.url));

test('index.d.ts and testing.d.ts type-check typical use', () => {
  const tsc = require.resolve('typescript/bin/tsc');
  const run = spawnSync(
    process.execPath,
    [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', 'types-check.ts'],
    { cwd: here, encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
