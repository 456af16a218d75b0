// How the library is found and checked, and that CommonJS and ES modules get the same binding.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

import ydrz from '../index.mjs';
import * as named from '../index.mjs';
import { REPO } from './helpers.mjs';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const LIBRARY = process.env.YDRZ_LIBRARY;

/** Runs `script` (CommonJS) in a fresh node with `env` replacing the environment's YDRZ_LIBRARY. */
function node(script, env = {}, cwd = PACKAGE) {
  const { YDRZ_LIBRARY: _, ...rest } = process.env;
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...rest, ...env }, cwd });
}

test('CommonJS and ES modules import the same objects', () => {
  const require = createRequire(import.meta.url);
  const cjs = require('../index.cjs');
  assert.equal(cjs, ydrz);
  assert.equal(named.jssdkSign, cjs.jssdkSign);
  assert.equal(named.Client, cjs.Client);
  assert.equal(named.YdrzError, cjs.YdrzError);
});

test('the loaded library reports ABI 1 and the crate version', () => {
  assert.equal(ydrz.abiVersion(), ydrz.ABI_VERSION);
  assert.equal(ydrz.libraryPath(), LIBRARY);
  const cargo = spawnSync(join(REPO, 'scripts', 'version.sh'), { encoding: 'utf8' }).stdout.trim();
  assert.equal(ydrz.version(), cargo);
});

test('the override is authoritative: a missing file is an error and nothing else is tried', () => {
  const run = node(`require('./index.cjs').version()`, { YDRZ_LIBRARY: '/nonexistent/libydrz.so' });
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /LibraryLoadError: cannot load libydrz; tried:\n {2}- \$YDRZ_LIBRARY: \/nonexistent\/libydrz.so: no such file/);
  assert.doesNotMatch(run.stderr, /inside the package|search path/);
});

test('loadLibrary(path) wins over the environment, once', () => {
  const script = `const y = require('./index.cjs');
    console.log(y.loadLibrary(${JSON.stringify(LIBRARY)}), y.version());
    try { y.loadLibrary('/elsewhere/libydrz.so'); } catch (e) { console.log(e.name); }`;
  const run = node(script, { YDRZ_LIBRARY: '/nonexistent/libydrz.so' });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(run.stdout.trim().split('\n'), [`${LIBRARY} ${ydrz.version()}`, 'LibraryLoadError']);
});

test('the library inside the package is found, then the loader path, and the error names every place', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ydrz-node-load-'));
  try {
    const copy = join(dir, 'ydrz');
    mkdirSync(join(copy, 'native', `linux-${process.arch}`), { recursive: true });
    for (const f of ['index.cjs', 'package.json']) copyFileSync(join(PACKAGE, f), join(copy, f));
    cpSync(join(PACKAGE, 'lib'), join(copy, 'lib'), { recursive: true });
    symlinkSync(join(PACKAGE, 'node_modules'), join(copy, 'node_modules'));
    const bundled = join(copy, 'native', `linux-${process.arch}`, 'libydrz.so');
    // Nothing inside and nothing on the loader path: the error lists both places.
    let run = node(`require('./index.cjs').version()`, {}, copy);
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /inside the package: .*native\/linux-(x64|arm64)\/libydrz.so: no such file/);
    assert.match(run.stderr, /the dynamic loader's search path: libydrz.so.1: /);
    assert.match(run.stderr, /\$YDRZ_LIBRARY/);
    // On the loader path only, by SONAME.
    const system = join(dir, 'system');
    mkdirSync(system);
    copyFileSync(LIBRARY, join(system, 'libydrz.so.1'));
    run = node(`console.log(require('./index.cjs').libraryPath())`, { LD_LIBRARY_PATH: system }, copy);
    assert.equal(run.stdout.trim(), 'libydrz.so.1', run.stderr);
    // Inside the package.
    copyFileSync(LIBRARY, bundled);
    run = node(`const y = require('./index.cjs'); console.log(y.libraryPath(), y.version())`, {}, copy);
    assert.equal(run.stdout.trim(), `${bundled} ${ydrz.version()}`, run.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a foreign library and another ABI version are refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ydrz-node-abi-'));
  try {
    const source = join(dir, 'fake.c');
    writeFileSync(source, 'unsigned int ydrz_abi_version(void) { return 2; }\nint other(void) { return 0; }\n');
    const fake = join(dir, 'libfake.so');
    const cc = spawnSync('cc', ['-shared', '-fPIC', '-o', fake, source], { encoding: 'utf8' });
    assert.equal(cc.status, 0, cc.stderr);
    let run = node(`require('./index.cjs').version()`, { YDRZ_LIBRARY: fake });
    assert.match(run.stderr, /has ABI version 2, but this ydrz package was written for ABI version 1/);
    writeFileSync(source, 'int other(void) { return 0; }\n');
    assert.equal(spawnSync('cc', ['-shared', '-fPIC', '-o', fake, source]).status, 0);
    run = node(`require('./index.cjs').version()`, { YDRZ_LIBRARY: fake });
    assert.match(run.stderr, /is not libydrz: it does not export ydrz_abi_version/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a truncated library and one of another CPU are refused with their reason, before the loader sees them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ydrz-node-elf-'));
  try {
    const made = spawnSync(join(REPO, 'tests', 'loading', 'bad-libraries.sh'), [LIBRARY, dir], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    let run = node(`require('./index.cjs').version()`, { YDRZ_LIBRARY: join(dir, 'truncated.so') });
    assert.equal(run.signal, null, `the process died of ${run.signal}`);
    assert.match(run.stderr, /truncated.so is truncated: it has \d+ bytes, but its loadable segments need \d+ \(an interrupted copy\?\)/);
    run = node(`require('./index.cjs').version()`, { YDRZ_LIBRARY: join(dir, 'foreign-arch.so') });
    const other = process.arch === 'x64' ? 'aarch64' : 'x86_64';
    assert.match(run.stderr, new RegExp(`foreign-arch.so is built for ${other}, but this process runs on ${process.arch}`));
    assert.doesNotMatch(run.stderr, /No such file/);
    writeFileSync(join(dir, 'text.so'), 'not a library');
    run = node(`require('./index.cjs').version()`, { YDRZ_LIBRARY: join(dir, 'text.so') });
    assert.match(run.stderr, /text.so is not a shared library \(no ELF header\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
