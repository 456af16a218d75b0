#!/usr/bin/env node
// ydrz with the customer private key in a cloud KMS (Node.js): the client is configured with the key's public
// half and "signer": "external", and its signer asks the KMS for each signature; the key never enters the
// process. Runs against a sandbox it starts, with a stub in place of the KMS:
//
//     cargo build --release --lib --bin ydrz && (cd bindings/node && npm ci)
//     node examples/external_signer.mjs
//
// Environment: YDRZ_LIBRARY (default <repo>/target/release/libydrz.so unless the package bundles one),
// YDRZ_BIN (the ydrz executable for the sandbox; default <repo>/target/release/ydrz). Uses the installed
// `ydrz` package, or the one in this repository when none is installed.
import { createPrivateKey, privateDecrypt, sign, constants } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

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

/** The signer: each operation is one KMS call with the key's id. */
function kmsSigner(keyId) {
  return {
    sign: (algorithm, data, { signal }) => kms.asymmetricSign({ keyId, algorithm, message: data, signal }),
    decrypt: (block, { signal }) => kms.asymmetricDecrypt({ keyId, ciphertext: block, signal }),
  };
}

// STUB KMS. In production these are your KMS SDK's calls (e.g. AWS KMS SignCommand with MessageType RAW and
// SigningAlgorithm RSASSA_PKCS1_V1_5_SHA_256, Alibaba Cloud KMS AsymmetricSign with the message's digest, or
// a PKCS#11 HSM's C_Sign with CKM_SHA256_RSA_PKCS / CKM_MD5_RSA_PKCS), resolving to the raw signature bytes.
// Here they sign with the sandbox app's key, which the demo puts in `kms.keys`, so the example runs offline.
const kms = {
  keys: new Map(),
  async asymmetricSign({ keyId, algorithm, message }) {
    const digest = { SHA256withRSA: 'sha256', MD5withRSA: 'md5' }[algorithm];
    if (!digest) throw new Error(`the KMS has no signing algorithm for ${algorithm}`);
    return sign(digest, message, this.keys.get(keyId));
  },
  async asymmetricDecrypt({ keyId, ciphertext }) {
    // Node.js refuses RSA_PKCS1_PADDING for private decryption (CVE-2023-46809): raw RSA, then the padding
    // 00 02 <8+ non-zero bytes> 00 <plaintext> is removed here, as an HSM does inside.
    const block = privateDecrypt({ key: this.keys.get(keyId), padding: constants.RSA_NO_PADDING }, ciphertext);
    const end = block.indexOf(0, 2);
    if (block[0] !== 0 || block[1] !== 2 || end < 10) throw new Error('decryption failed');
    return block.subarray(end + 1);
  },
};

const built = join(REPO, 'target', 'release', 'ydrz');
const sandbox = await Sandbox.start(process.env.YDRZ_BIN || (existsSync(built) ? built : undefined));
try {
  // The sandbox app's private key goes into the stub KMS, never into the client's configuration.
  const { private_key: privateKey, ...config } = sandbox.clientConfig;
  kms.keys.set('ydrz-customer-key', createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' }));

  const client = new ydrz.Client(
    // App login in RSA mode: the platform encrypts the number to the same key, which the KMS decrypts.
    { ...config, signer: 'external', public_key: sandbox.demo.customer_public_key, app_login: { mode: 'rsa' } },
    { signer: kmsSigner('ydrz-customer-key') },
  );
  try {
    const token = await sandbox.token('onekey', '13800138000'); // what the jssdk gives the front end
    const { phone } = await client.onekeyValidate({ token: token.token, userInformation: token.userInformation });
    console.log(`one-click login signed by the KMS: phone ${ydrz.maskPhone(phone)}`);
    const app = await sandbox.token('app_login', '13800138000'); // what the App SDK gives the App
    const login = await client.appLoginValidate({ token: app.token });
    console.log(`App login signed and decrypted by the KMS: phone ${ydrz.maskPhone(login.phone)}`);
  } finally {
    client.close();
  }
} finally {
  await sandbox.stop();
}
