'use strict';
/**
 * The sandbox, a local imitation of the platform served by `ydrz sandbox`, for tests and demos:
 *
 *   const sandbox = await Sandbox.start();
 *   const token = await sandbox.token('onekey', '13800138000');
 *   const client = sandbox.client();
 *   await client.onekeyValidate({ token: token.token, userInformation: token.userInformation });
 *   client.close(); await sandbox.stop();
 *
 * The sandbox process lives until stop() closes its standard input; it also exits with this process. The
 * ydrz executable is the one the package carries for this platform (bundledExecutable(), also the package's
 * `ydrz` command) unless start() is given another.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const readline = require('node:readline');
const { Client } = require('./client.cjs');
const { bundledDirectory } = require('./native.cjs');

/** The ydrz executable inside the package for this platform (native/<platform>-<arch>[-musl]/ydrz, ydrz.exe
 * on Windows); throws when the package carries none for it (a checkout of the repository: pass
 * target/release/ydrz to Sandbox.start). */
function bundledExecutable() {
  const dir = bundledDirectory();
  const file = dir && path.join(dir, process.platform === 'win32' ? 'ydrz.exe' : 'ydrz');
  if (!file || !fs.existsSync(file)) {
    throw new Error(
      `this ydrz package carries no ydrz executable for ${process.platform}-${process.arch}` +
        `${file ? ` (${file})` : ''}: the release package does; otherwise pass the path of one to Sandbox.start`,
    );
  }
  fs.accessSync(file, fs.constants.X_OK);
  return file;
}

class Sandbox {
  /** Starts `binary sandbox --port 0 --exit-on-stdin-eof ...options` and waits for its info line; `binary`
   * is the package's own executable (bundledExecutable()) when omitted or null. `log` is where its request
   * log (stderr) goes: 'ignore' (default) or 'inherit'. */
  static async start(binary, { options = [], log = 'ignore' } = {}) {
    if (binary === undefined || binary === null) binary = bundledExecutable();
    const child = spawn(binary, ['sandbox', '--port', '0', '--exit-on-stdin-eof', ...options], {
      stdio: ['pipe', 'pipe', log],
    });
    const lines = readline.createInterface({ input: child.stdout });
    const line = await new Promise((resolve, reject) => {
      child.once('error', reject);
      lines.once('line', resolve);
      lines.once('close', () => reject(new Error(`${binary} sandbox exited without printing its info`)));
    });
    lines.close();
    return new Sandbox(child, JSON.parse(line));
  }

  constructor(child, info) {
    this.child = child;
    this.info = info;
    this.baseUrl = info.base_url;
    this.controlUrl = info.control_url;
    this.demo = info.apps.find((app) => app.name === 'demo');
    this.clientConfig = info.client_config;
  }

  /** Closes the sandbox's standard input and waits for it to exit (killing it after 10 s). Idempotent. */
  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** POSTs `body` as JSON (or GETs when it is undefined) to the control endpoint `path`; resolves to the
   * JSON answer. */
  async control(path, body) {
    const response = await fetch(this.controlUrl + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.text();
    if (!response.ok) throw new Error(`sandbox ${path}: HTTP ${response.status}: ${answer}`);
    return answer ? JSON.parse(answer) : {};
  }

  /** A fresh token of the demo app for `product` (onekey, number_verify, app_login, app_number) and `phone`;
   * `extra` may set ttl_ms. Resolves to { token, userInformation, expires_in_ms }. */
  token(product, phone, extra = {}) {
    return this.control('/token', { app_id: this.demo.app_id, phone, product, ...extra });
  }

  /** The sandbox's counters for `token`: { requests, total_requests }. */
  stats(token) {
    return this.control(`/stats?token=${encodeURIComponent(token)}`);
  }

  /** A new Client for the demo app, `overrides` replacing configuration keys; the caller closes it. */
  client(overrides = {}) {
    return new Client({ ...this.clientConfig, ...overrides });
  }
}

module.exports = { Sandbox, bundledExecutable };
