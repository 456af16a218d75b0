#!/usr/bin/env node
// ydrz quickstart (Node.js): jssdk parameters, one-click login and number verification.
//
// Against the sandbox (default): starts `ydrz sandbox` as a child process, asks its control endpoint for
// tokens (what the mini-program's jssdk would hand to your front end), and validates them.
//
//     cargo build --release --lib --bin ydrz && (cd bindings/node && npm ci)
//     node examples/quickstart.mjs
//
// Against the real platform: put your app's configuration in a JSON file (the keys of the sandbox's
// client_config, app_id, app_key, private_key, platform_public_key, but WITHOUT base_url) and pass the
// tokens your front end received:
//
//     node examples/quickstart.mjs --config my-app.json --token T --user-information U \
//         [--verify-token T2 --verify-user-information U2 --phone 1xxxxxxxxxx]
//
// Environment: YDRZ_LIBRARY (default <repo>/target/release/libydrz.so unless the package bundles one),
// YDRZ_BIN (the ydrz executable for the sandbox; default <repo>/target/release/ydrz). Uses the installed
// `ydrz` package, or the one in this repository when none is installed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const SANDBOX_PHONE = '13800138000';

async function importYdrz() {
  try {
    return [(await import('ydrz')).default, (await import('ydrz/testing')).Sandbox];
  } catch (e) {
    if (e.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    process.env.YDRZ_LIBRARY ??= join(REPO, 'target', 'release', 'libydrz.so');
    const binding = join(REPO, 'bindings', 'node');
    return [(await import(join(binding, 'index.mjs'))).default, (await import(join(binding, 'testing.mjs'))).Sandbox];
  }
}
const [ydrz, Sandbox] = await importYdrz();

function refused(step, e) {
  if (!(e instanceof ydrz.YdrzError) || e.platformCode === null) throw e;
  console.log(`${step} refused: ${e.platformCode} ${ydrz.codeMessage(e.platformCode) ?? ''}`);
}

/** The three steps of an integration, with errors reported as an integrator would. */
async function run(client, login, verify) {
  const p = client.jssdkParams();
  console.log(`1. jssdk params for YDRZ.getTokenInfo: appId=${p.appId} traceId=${p.traceId} timestamp=${p.timestamp} sign=${p.sign.slice(0, 8)}…`);
  try {
    const { phone, details } = await client.onekeyValidate(login);
    console.log(`2. one-click login: phone ${ydrz.maskPhone(phone)} (resultCode ${details.resultCode})`);
  } catch (e) {
    refused('2. one-click login', e);
  }
  if (!verify) {
    console.log('3. number verification: skipped (no --verify-token)');
    return;
  }
  try {
    const { matched } = await client.numberVerify(verify);
    console.log(`3. number verification of ${ydrz.maskPhone(verify.phone)}: ${matched ? 'is' : 'is NOT'} the device's own number`);
  } catch (e) {
    refused('3. number verification', e);
  }
}

async function sandboxDemo() {
  // $YDRZ_BIN, else a built checkout's, else the one the installed package carries.
  const built = join(REPO, 'target', 'release', 'ydrz');
  const sandbox = await Sandbox.start(process.env.YDRZ_BIN || (existsSync(built) ? built : undefined));
  const client = sandbox.client();
  try {
    console.log(`sandbox at ${sandbox.baseUrl} (ydrz ${ydrz.version()})`);
    const login = await sandbox.token('onekey', SANDBOX_PHONE); // what the jssdk gives the front end
    const check = await sandbox.token('number_verify', SANDBOX_PHONE);
    await run(
      client,
      { token: login.token, userInformation: login.userInformation },
      { token: check.token, userInformation: check.userInformation, phone: SANDBOX_PHONE },
    );
  } finally {
    client.close();
    await sandbox.stop();
  }
}

const { values: a } = parseArgs({
  options: Object.fromEntries(
    ['config', 'token', 'user-information', 'verify-token', 'verify-user-information', 'phone'].map((n) => [n, { type: 'string' }]),
  ),
});
try {
  if (a.config === undefined) {
    await sandboxDemo();
  } else {
    if (!a.token || !a['user-information']) throw new Error('--config needs --token and --user-information');
    const verify = a['verify-token']
      ? { token: a['verify-token'], userInformation: a['verify-user-information'], phone: a.phone }
      : null;
    const client = new ydrz.Client(readFileSync(a.config, 'utf8'));
    await run(client, { token: a.token, userInformation: a['user-information'] }, verify);
    client.close();
  }
} catch (e) {
  console.error(`error: ${e.message}`);
  process.exitCode = 1;
}
