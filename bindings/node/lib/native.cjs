'use strict';
/**
 * Loading libydrz and declaring its C ABI (include/ydrz.h) for koffi.
 *
 * The library is looked for, in order: the path given to loadLibrary() or, failing that, the environment
 * variable YDRZ_LIBRARY (either is authoritative: nothing else is tried); the library shipped inside this
 * package for the running platform (native/linux-x64, linux-arm64, their -musl twins, darwin-x64,
 * darwin-arm64, win32-x64: see bundledLibrary); then the dynamic
 * loader's search path (the SONAME libydrz.so.1). Its ABI version must be ABI_VERSION.
 */
const fs = require('node:fs');
const path = require('node:path');
const koffi = require('koffi');

/** The ABI version this binding was written for (YDRZ_ABI_VERSION in ydrz.h). */
const ABI_VERSION = 1;
/** Environment variable naming the library file to load instead of searching. */
const LIBRARY_ENV = 'YDRZ_LIBRARY';
const SONAME = 'libydrz.so.1';

// Opaque handle types; the library never hands out anything else.
koffi.opaque('ydrz_client');
koffi.opaque('ydrz_error');
koffi.opaque('ydrz_exchange');
koffi.opaque('ydrz_private_key');
koffi.opaque('ydrz_public_key');

/**
 * Every export the binding calls, in the order of include/ydrz.h (ydrz_test_panic deliberately absent).
 * Text inputs are `const char *`; string outputs are `char **` slots read as raw pointers (`void **`), so that
 * each can be handed back to ydrz_string_free after it was decoded.
 */
const DECLARATIONS = [
  'int32_t ydrz_client_new(const char *config_json, _Out_ ydrz_client **out, _Out_ ydrz_error **err)',
  'void ydrz_client_free(ydrz_client *client)',
  'int32_t ydrz_client_jssdk_params(const ydrz_client *client, _Out_ void **out_json, _Out_ ydrz_error **err)',
  'int32_t ydrz_client_presign_sign(const ydrz_client *client, const char *presign, _Out_ void **out, _Out_ ydrz_error **err)',
  'int32_t ydrz_client_onekey_validate(const ydrz_client *client, const char *token, const char *user_information, const char *expand_params, _Out_ void **out_phone, _Out_ void **out_details_json, _Out_ ydrz_error **err)',
  'int32_t ydrz_client_number_verify(const ydrz_client *client, const char *token, const char *user_information, const char *phone, const char *expand_params, _Out_ int32_t *out_match, _Out_ void **out_details_json, _Out_ ydrz_error **err)',
  'int32_t ydrz_client_app_login_validate(const ydrz_client *client, const char *token, const char *expand_params, _Out_ void **out_phone, _Out_ void **out_details_json, _Out_ ydrz_error **err)',
  'int32_t ydrz_client_app_number_verify(const ydrz_client *client, const char *token, const char *phone, const char *expand_params, _Out_ int32_t *out_match, _Out_ void **out_details_json, _Out_ ydrz_error **err)',
  'int32_t ydrz_client_onekey_begin(const ydrz_client *client, const char *token, const char *user_information, const char *expand_params, _Out_ ydrz_exchange **out_exchange, _Out_ ydrz_error **err)',
  'int32_t ydrz_client_number_verify_begin(const ydrz_client *client, const char *token, const char *user_information, const char *phone, const char *expand_params, _Out_ ydrz_exchange **out_exchange, _Out_ ydrz_error **err)',
  'int32_t ydrz_client_app_login_begin(const ydrz_client *client, const char *token, const char *expand_params, _Out_ ydrz_exchange **out_exchange, _Out_ ydrz_error **err)',
  'int32_t ydrz_client_app_number_begin(const ydrz_client *client, const char *token, const char *phone, const char *expand_params, _Out_ ydrz_exchange **out_exchange, _Out_ ydrz_error **err)',
  'int32_t ydrz_exchange_request(const ydrz_exchange *exchange, _Out_ void **out_request_json, _Out_ ydrz_error **err)',
  'int32_t ydrz_exchange_finish(ydrz_exchange *exchange, int32_t http_status, const uint8_t *body, size_t body_len, _Out_ void **out_result_json, _Out_ ydrz_error **err)',
  'int32_t ydrz_exchange_not_sent(ydrz_exchange *exchange)',
  'void ydrz_exchange_free(ydrz_exchange *exchange)',
  'const char *ydrz_code_message(const char *code, const char *product, const char *stage)',
  'int32_t ydrz_code_describe(const char *code, const char *product, const char *stage, _Out_ void **out_json, _Out_ ydrz_error **err)',
  'int32_t ydrz_mask_phone(const char *phone, _Out_ void **out, _Out_ ydrz_error **err)',
  'const char *ydrz_version(void)',
  'uint32_t ydrz_abi_version(void)',
  'const char *ydrz_status_name(int32_t status)',
  'int32_t ydrz_error_status(const ydrz_error *err)',
  'const char *ydrz_error_message(const ydrz_error *err)',
  'const char *ydrz_error_platform_code(const ydrz_error *err)',
  'void ydrz_error_free(ydrz_error *err)',
  'void ydrz_string_free(void *s)',
  'int32_t ydrz_private_key_load(const char *text, _Out_ ydrz_private_key **out, _Out_ ydrz_error **err)',
  'int32_t ydrz_public_key_load(const char *text, _Out_ ydrz_public_key **out, _Out_ ydrz_error **err)',
  'void ydrz_private_key_free(ydrz_private_key *key)',
  'void ydrz_public_key_free(ydrz_public_key *key)',
  'int32_t ydrz_key_generate(uint32_t bits, _Out_ void **out_private_pkcs8, _Out_ void **out_public_spki, _Out_ ydrz_error **err)',
  'int32_t ydrz_private_key_public_spki(const ydrz_private_key *key, _Out_ void **out, _Out_ ydrz_error **err)',
  'int32_t ydrz_rsa_encrypt(const ydrz_public_key *key, const char *plaintext, _Out_ void **out_base64, _Out_ ydrz_error **err)',
  'int32_t ydrz_rsa_decrypt(const ydrz_private_key *key, const char *ciphertext, _Out_ void **out, _Out_ ydrz_error **err)',
  'int32_t ydrz_encrypt_phone(const ydrz_public_key *platform_key, const char *phone, const char *app_key, const char *timestamp, _Out_ void **out_base64, _Out_ ydrz_error **err)',
  'int32_t ydrz_decrypt_msisdn(const char *app_key, const char *msisdn, _Out_ void **out_phone, _Out_ ydrz_error **err)',
  'int32_t ydrz_jssdk_sign(const char *app_id, const char *app_key, const char *trace_id, const char *timestamp, const char *version, const char *business_type, int32_t encoding, _Out_ void **out, _Out_ ydrz_error **err)',
  'int32_t ydrz_rsa_sign(const ydrz_private_key *key, const char *data, int32_t algorithm, int32_t encoding, _Out_ void **out, _Out_ ydrz_error **err)',
  'int32_t ydrz_rsa_verify(const ydrz_public_key *key, const char *data, const char *signature, int32_t algorithm, int32_t encoding, _Out_ ydrz_error **err)',
  'int32_t ydrz_token_validate_sign(const ydrz_private_key *key, const char *app_id, const char *trace_id, const char *timestamp, const char *token, const char *version, _Out_ void **out, _Out_ ydrz_error **err)',
  'int32_t ydrz_presign_sign(const ydrz_private_key *key, const char *presign, _Out_ void **out, _Out_ ydrz_error **err)',
  'int32_t ydrz_app_login_md5_sign(const char *app_id, const char *version, const char *msg_id, const char *system_time, const char *strict_check, const char *token, const char *secret, int32_t encoding, _Out_ void **out, _Out_ ydrz_error **err)',
  'int32_t ydrz_app_number_sign_key_type0(const char *app_id, const char *app_key, const char *msg_id, const char *phone, const char *timestamp, const char *token, const char *version, _Out_ void **out_phone_num, _Out_ void **out_sign, _Out_ ydrz_error **err)',
];

/** The name of each declared function, parsed from its prototype. */
function declaredName(prototype) {
  return /\b(ydrz_[a-z0-9_]+)\(/.exec(prototype)[1];
}

class LibraryLoadError extends Error {
  constructor(message) {
    super(message);
    this.name = 'LibraryLoadError';
  }
}

/** Whether the running Node is linked against glibc (else musl: Node reports no glibc runtime version). */
function isGlibc() {
  const header = process.report && process.report.getReport().header;
  return Boolean(header && header.glibcVersionRuntime);
}

/** The library's file name on each OS the package ships natives for. */
const BUNDLED_FILE = { linux: 'libydrz.so', darwin: 'libydrz.dylib', win32: 'ydrz.dll' };

/**
 * The package's directory of natives for this platform (the library and the ydrz executable),
 * native/<platform>-<arch>[-musl] (linux-x64, linux-arm64, linux-x64-musl, linux-arm64-musl, darwin-x64,
 * darwin-arm64, win32-x64), or null for another OS or CPU. On Linux a Node without a glibc runtime version in
 * its report is a musl build (Alpine).
 */
function bundledDirectory() {
  if (!BUNDLED_FILE[process.platform] || !['x64', 'arm64'].includes(process.arch)) return null;
  const libc = process.platform === 'linux' && !isGlibc() ? '-musl' : '';
  return path.join(__dirname, '..', 'native', `${process.platform}-${process.arch}${libc}`);
}

/** The bundled library for this platform, or null when none can fit. */
function bundledLibrary() {
  const dir = bundledDirectory();
  return dir && path.join(dir, BUNDLED_FILE[process.platform]);
}

/** The (description, path-or-name) pairs to try, in order. */
function candidates(explicit) {
  if (explicit) return [['loadLibrary()', explicit]];
  const override = process.env[LIBRARY_ENV];
  if (override) return [[`$${LIBRARY_ENV}`, override]];
  const found = [];
  const bundled = bundledLibrary();
  if (bundled) found.push(['inside the package', bundled]);
  found.push(["the dynamic loader's search path", SONAME]);
  return found;
}

/** ELF e_machine of each CPU the library is built for, by process.arch. */
const ELF_MACHINES = { x64: 62, arm64: 183 };
const ELF_MACHINE_NAMES = { 62: 'x86_64', 183: 'aarch64', 3: 'i386', 40: 'arm' };

/**
 * Throws LibraryLoadError unless `file` is a 64-bit little-endian ELF file for this CPU that holds all of its
 * loadable segments: a truncated copy would be mapped and kill the process with SIGBUS on first use, and the
 * loader reports a library of another CPU as "No such file or directory".
 */
function checkElf(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const header = Buffer.alloc(64);
    const got = fs.readSync(fd, header, 0, 64, 0);
    if (got < 4 || header.readUInt32BE(0) !== 0x7f454c46) throw new LibraryLoadError(`${file} is not a shared library (no ELF header)`);
    if (got < 64 || header[4] !== 2 || header[5] !== 1) throw new LibraryLoadError(`${file} is not a 64-bit little-endian ELF file`);
    const machine = header.readUInt16LE(18);
    const expected = ELF_MACHINES[process.arch];
    if (expected !== undefined && machine !== expected) {
      const built = ELF_MACHINE_NAMES[machine] ?? `ELF machine ${machine}`;
      throw new LibraryLoadError(`${file} is built for ${built}, but this process runs on ${process.arch}`);
    }
    const phoff = Number(header.readBigUInt64LE(32));
    const phentsize = header.readUInt16LE(54);
    const phnum = header.readUInt16LE(56);
    const table = Buffer.alloc(phentsize * phnum);
    if (phentsize < 56 || fs.readSync(fd, table, 0, table.length, phoff) < table.length) {
      throw new LibraryLoadError(`${file} is truncated (${size} bytes): its program headers are cut off`);
    }
    for (let i = 0; i < phnum; i += 1) {
      const entry = i * phentsize;
      if (table.readUInt32LE(entry) !== 1) continue; // PT_LOAD
      const end = Number(table.readBigUInt64LE(entry + 8)) + Number(table.readBigUInt64LE(entry + 32));
      if (end > size) {
        throw new LibraryLoadError(
          `${file} is truncated: it has ${size} bytes, but its loadable segments need ${end} (an interrupted copy?); ` +
            'copy or reinstall the library again',
        );
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

function openFirst(explicit) {
  const tried = [];
  for (const [where, name] of candidates(explicit)) {
    if ((name.includes('/') || name.includes(path.sep)) && !fs.existsSync(name)) {
      tried.push(`  - ${where}: ${name}: no such file`);
      continue;
    }
    try {
      if (process.platform === 'linux' && name.includes('/')) checkElf(name);
      return { cdll: koffi.load(name), file: name };
    } catch (e) {
      tried.push(`  - ${where}: ${name}: ${e.message}`);
    }
  }
  if (!explicit && !process.env[LIBRARY_ENV]) tried.push(`  - $${LIBRARY_ENV}: not set`);
  throw new LibraryLoadError(
    `cannot load libydrz; tried:\n${tried.join('\n')}\n` +
      `Set ${LIBRARY_ENV} to the libydrz.so to use, call loadLibrary(path) before anything else, or install ` +
      'the library on the loader path.',
  );
}

function declare(cdll, file) {
  let abiVersion;
  try {
    abiVersion = cdll.func(DECLARATIONS.find((d) => declaredName(d) === 'ydrz_abi_version'));
  } catch {
    throw new LibraryLoadError(`${file} is not libydrz: it does not export ydrz_abi_version`);
  }
  const found = abiVersion();
  if (found !== ABI_VERSION) {
    throw new LibraryLoadError(
      `${file} has ABI version ${found}, but this ydrz package was written for ABI version ${ABI_VERSION}`,
    );
  }
  const functions = {};
  for (const prototype of DECLARATIONS) {
    const name = declaredName(prototype);
    try {
      functions[name] = cdll.func(prototype);
    } catch (e) {
      throw new LibraryLoadError(`${file} (ABI ${ABI_VERSION}) does not export ${name}: ${e.message}`);
    }
  }
  return Object.freeze(functions);
}

let loaded = null;

/**
 * Loads libydrz from `file` (or by the search above when `file` is omitted) unless it is loaded already.
 * Call it before any other function to use a library at an explicit path; a second call with a different
 * path throws, since one process keeps one library. Returns the path or name that was loaded.
 */
function loadLibrary(file) {
  if (loaded) {
    if (file && path.resolve(file) !== path.resolve(loaded.file)) {
      throw new LibraryLoadError(`libydrz is already loaded from ${loaded.file}`);
    }
    return loaded.file;
  }
  const { cdll, file: opened } = openFirst(file);
  loaded = { file: opened, lib: declare(cdll, opened) };
  return opened;
}

/** The declared functions, loading the library on first use. */
function lib() {
  if (!loaded) loadLibrary();
  return loaded.lib;
}

module.exports = {
  ABI_VERSION,
  LIBRARY_ENV,
  DECLARATIONS,
  declaredName,
  LibraryLoadError,
  checkElf,
  loadLibrary,
  lib,
  koffi,
  bundledDirectory,
};
