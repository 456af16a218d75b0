// The koffi declarations match the ABI manifest include/ydrz.abi.json (generated with the header from src/ffi) and
// the library's exports, and the constants and the status table match the manifest's.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createRequire } from 'node:module';

import ydrz from '../index.mjs';
import { MANIFEST } from './helpers.mjs';

const require = createRequire(import.meta.url);
const { DECLARATIONS, declaredName } = require('../lib/native.cjs');

/** name -> normalized prototype ("int32_t(const char *, ydrz_client **, ydrz_error **)") from C text. */
function prototypes(sourceText) {
  const found = new Map();
  const flat = sourceText.replace(/\/\/[^\n]*|^#.*$/gm, '').replace(/\s+/g, ' ');
  for (const m of flat.matchAll(/([A-Za-z_][A-Za-z0-9_ ]*?\**) ?\b(ydrz_[a-z0-9_]+)\(([^)]*)\)/g)) {
    const params = m[3].trim() === 'void' ? [] : m[3].split(',').map((p) => normalizeType(p.replace(/\b[a-z_0-9]+$/, '')));
    found.set(m[2], `${normalizeType(m[1])}(${params.join(', ')})`);
  }
  return found;
}

function normalizeType(type) {
  return type.replace(/_Out_/g, '').replace(/\s*\*/g, ' *').replace(/\s+/g, ' ').replace(/ \* \*/g, ' **').trim();
}

const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
const fromHeader = new Map(
  manifest.functions.map((f) => [f.name, `${normalizeType(f.returns.c_type)}(${f.params.map((p) => normalizeType(p.c_type)).join(', ')})`]),
);
const fromBinding = prototypes(DECLARATIONS.join(';\n'));

test('every header function is declared, and nothing else', () => {
  assert.deepEqual([...fromBinding.keys()].sort(), [...fromHeader.keys()].sort());
  assert.deepEqual(DECLARATIONS.map(declaredName), [...fromBinding.keys()]);
});

test('the library exports exactly the declared functions (and the test-only panic, if built with it)', () => {
  const exported = execFileSync('nm', ['-D', '--defined-only', process.env.YDRZ_LIBRARY], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' ')[2])
    .filter((name) => name && name.startsWith('ydrz_') && name !== 'ydrz_test_panic');
  assert.deepEqual(exported.sort(), [...fromBinding.keys()].sort());
});

/** A binding prototype in the header's terms: string outputs are declared `void **` so that the raw pointer
 * can be freed after decoding, and ydrz_string_free takes that raw pointer (`void *`); both are char in C. */
function asInHeader(name, prototype) {
  const outputs = prototype.replace(/void \*\*/g, 'char **');
  return name === 'ydrz_string_free' ? outputs.replace('(void *)', '(char *)') : outputs;
}

for (const [name, prototype] of fromHeader) {
  test(`${name} is declared with the header's types`, () => {
    assert.equal(asInHeader(name, fromBinding.get(name)), prototype);
  });
}

test('constants and statuses match the manifest', () => {
  const defines = Object.fromEntries(
    [...manifest.statuses, ...manifest.constants].map((c) => [c.name.replace(/^YDRZ_/, ''), c.value]),
  );
  for (const [name, value] of Object.entries(ydrz.Status)) assert.equal(defines[name], value, name);
  for (const [name, value] of Object.entries(ydrz.Encoding)) assert.equal(defines[`ENCODING_${name}`], value, name);
  assert.equal(defines.SIGN_SHA256_RSA, ydrz.SignAlgorithm.SHA256_RSA);
  assert.equal(defines.SIGN_MD5_RSA, ydrz.SignAlgorithm.MD5_RSA);
  assert.equal(defines.ABI_VERSION, ydrz.ABI_VERSION);
  const statuses = manifest.statuses.map((s) => s.name.replace(/^YDRZ_/, ''));
  assert.deepEqual(statuses.sort(), Object.keys(ydrz.Status).sort());
});
