// Bad input to every function gives the right status, with the library's message; NUL is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import ydrz, { Encoding, SignAlgorithm, Status } from '../index.mjs';
import { FIXED, TS, VECTORS, expectStatus, privateKeys, publicKeys } from './helpers.mjs';

const K = privateKeys.customer_1024;
const P = publicKeys.customer_1024;

test('every status has its library name', () => {
  for (const [name, number] of Object.entries(Status)) {
    assert.equal(ydrz.statusName(number), `YDRZ_${name}`);
  }
  assert.equal(ydrz.statusName(77), 'YDRZ_UNKNOWN');
});

test('YdrzError is an Error with status, statusName, platformCode', () => {
  const e = expectStatus(() => ydrz.decryptMsisdn('', 'x'), 'YDRZ_E_INVALID_ARG', 'app_key is empty');
  assert.equal(e.name, 'YdrzError');
  assert.equal(e.platformCode, null);
  assert.equal(e.message, `YDRZ_E_INVALID_ARG: ${e.reason}`);
  assert.ok(e.stack.includes('YdrzError'));
});

test('empty required strings', () => {
  expectStatus(
    () => ydrz.jssdkSign({ appId: '', appKey: FIXED.appkey, traceId: FIXED.traceId_msgId, timestamp: TS }),
    'YDRZ_E_INVALID_ARG',
    'app_id is empty',
  );
  expectStatus(() => ydrz.presignSign(K, ''), 'YDRZ_E_INVALID_ARG', 'presign');
  expectStatus(() => ydrz.rsaEncrypt(publicKeys.platform_1024, ''), 'YDRZ_E_INVALID_ARG', 'plaintext');
  expectStatus(
    () => ydrz.tokenValidateSign(K, { appId: FIXED.appId, traceId: 't', timestamp: TS, token: '' }),
    'YDRZ_E_INVALID_ARG',
    'token',
  );
  expectStatus(() => new ydrz.PrivateKey(''), 'YDRZ_E_KEY', 'empty');
  expectStatus(() => new ydrz.PublicKey(''), 'YDRZ_E_KEY', 'empty');
});

test('malformed values', () => {
  const base = { appId: FIXED.appId, appKey: FIXED.appkey, traceId: FIXED.traceId_msgId };
  expectStatus(() => ydrz.jssdkSign({ ...base, timestamp: '2024' }), 'YDRZ_E_INVALID_ARG', 'timestamp must be 17 digits');
  expectStatus(() => ydrz.jssdkSign({ ...base, timestamp: TS, encoding: Encoding.BASE64 }), 'YDRZ_E_INVALID_ARG', 'hex');
  expectStatus(
    () => ydrz.encryptPhone(publicKeys.platform_1024, { phone: '23800138000', appKey: FIXED.appkey, timestamp: TS }),
    'YDRZ_E_INVALID_ARG',
    'phone',
  );
  expectStatus(() => ydrz.codeDescribe('103000', { product: 'nope' }), 'YDRZ_E_INVALID_ARG', 'unknown product "nope"');
  expectStatus(
    () => ydrz.codeDescribe('105003', { product: 'mp_onekey_login', stage: 'no_such_stage' }),
    'YDRZ_E_INVALID_ARG',
    'stage',
  );
});

const md5 = () => ({
  appId: FIXED.appId,
  version: '2.0',
  msgId: FIXED.traceId_msgId,
  systemTime: TS,
  strictCheck: '0',
  token: FIXED.token_app,
  secret: FIXED.APPSecret,
});
const keyType0 = () => ({
  appId: FIXED.appId,
  appKey: FIXED.appkey,
  msgId: FIXED.traceId_msgId,
  phone: FIXED.phone,
  timestamp: TS,
  token: FIXED.token_app,
  version: '1.0',
});
const snake = (name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
// The C parameter names where they differ from the JavaScript field names.
const C_NAMES = { systemTime: 'system_time', strictCheck: 'strict_check', secret: 'secret' };

for (const [sign, args] of [
  [ydrz.appLoginMd5Sign, md5],
  [ydrz.appNumberSignKeyType0, keyType0],
  [ydrz.jssdkSign, () => ({ appId: FIXED.appId, appKey: FIXED.appkey, traceId: 't', timestamp: TS })],
]) {
  for (const field of Object.keys(args())) {
    if (sign === ydrz.jssdkSign && ['version', 'businessType'].includes(field)) continue;
    test(`${sign.name} names its missing ${field}`, () => {
      assert.ok(sign(args()));
      const { [field]: _, ...rest } = args();
      expectStatus(() => sign(rest), 'YDRZ_E_NULL_ARG', `${C_NAMES[field] ?? snake(field)} is NULL`);
      expectStatus(() => sign({ ...args(), [field]: null }), 'YDRZ_E_NULL_ARG', 'is NULL');
    });
  }
}

test('App sign values', () => {
  expectStatus(() => ydrz.appLoginMd5Sign({ ...md5(), secret: '' }), 'YDRZ_E_INVALID_ARG', 'app_secret is empty');
  expectStatus(
    () => ydrz.appLoginMd5Sign({ ...md5(), systemTime: TS.slice(0, 16) }),
    'YDRZ_E_INVALID_ARG',
    'systemtime must be 17 digits',
  );
  expectStatus(() => ydrz.appLoginMd5Sign({ ...md5(), encoding: Encoding.BASE64 }), 'YDRZ_E_INVALID_ARG', 'hex');
  expectStatus(
    () => ydrz.appNumberSignKeyType0({ ...keyType0(), phone: '23800138000' }),
    'YDRZ_E_INVALID_ARG',
    'phone must be an 11-digit mainland mobile number',
  );
  expectStatus(
    () => ydrz.appNumberSignKeyType0({ ...keyType0(), timestamp: TS.slice(0, 16) }),
    'YDRZ_E_INVALID_ARG',
    'timestamp must be 17 digits',
  );
});

test('unknown enum numbers reach the library and out-of-range ones do not', () => {
  expectStatus(() => ydrz.rsaSign(K, 'data', 99, Encoding.BASE64), 'YDRZ_E_INVALID_ARG', 'algorithm');
  expectStatus(() => ydrz.rsaSign(K, 'data', SignAlgorithm.SHA256_RSA, 0), 'YDRZ_E_INVALID_ARG', 'encoding');
  // 2**32 + 1 would wrap to 1 (a valid value) in a C int32: the binding refuses it instead.
  expectStatus(
    () => ydrz.rsaSign(K, 'data', SignAlgorithm.SHA256_RSA, 2 ** 32 + 1),
    'YDRZ_E_INVALID_ARG',
    'encoding 4294967297 is out of range',
  );
  expectStatus(() => ydrz.generateKeyPair(-1), 'YDRZ_E_INVALID_ARG', 'bits -1 is out of range');
  expectStatus(() => ydrz.generateKeyPair(1000), 'YDRZ_E_KEY', '1000 bits');
  assert.throws(() => ydrz.rsaSign(K, 'data', 'SHA256', Encoding.BASE64), TypeError);
  assert.throws(() => ydrz.rsaSign(K, 'data', 1.5, Encoding.BASE64), TypeError);
});

test('null and undefined are NULL', () => {
  expectStatus(() => ydrz.rsaSign(null, 'data', SignAlgorithm.SHA256_RSA, Encoding.BASE64), 'YDRZ_E_NULL_ARG', 'key is NULL');
  expectStatus(() => ydrz.rsaVerify(undefined, 'd', 'AA', 1, 3), 'YDRZ_E_NULL_ARG', 'key is NULL');
  expectStatus(() => new ydrz.PrivateKey(null), 'YDRZ_E_NULL_ARG', 'NULL');
  expectStatus(() => new ydrz.PublicKey(undefined), 'YDRZ_E_NULL_ARG', 'NULL');
  expectStatus(() => ydrz.rsaDecrypt(K, null), 'YDRZ_E_NULL_ARG', 'NULL');
  expectStatus(() => ydrz.rsaEncrypt(P, null), 'YDRZ_E_NULL_ARG', 'NULL');
  expectStatus(() => ydrz.presignSign(K, null), 'YDRZ_E_NULL_ARG', 'NULL');
  expectStatus(() => ydrz.decryptMsisdn(null, 'x'), 'YDRZ_E_NULL_ARG', 'NULL');
  expectStatus(() => ydrz.encryptPhone(null, { phone: '13800138000', appKey: 'k', timestamp: TS }), 'YDRZ_E_NULL_ARG', 'NULL');
  expectStatus(() => ydrz.tokenValidateSign(K, { appId: '1', traceId: 't', timestamp: TS }), 'YDRZ_E_NULL_ARG', 'token is NULL');
  expectStatus(() => ydrz.codeDescribe(null), 'YDRZ_E_NULL_ARG', 'NULL');
  expectStatus(() => new ydrz.Client('null'), 'YDRZ_E_INVALID_ARG', '');
  assert.equal(ydrz.codeMessage(null), null);
});

test('nullable arguments accept null', () => {
  const base = { appId: FIXED.appId, appKey: FIXED.appkey, traceId: FIXED.traceId_msgId, timestamp: FIXED.timestamp };
  assert.equal(ydrz.jssdkSign({ ...base, version: null, businessType: null }), ydrz.jssdkSign(base));
  assert.ok(ydrz.codeDescribe('103000', { product: null, stage: null }).length > 0);
});

test('invalid UTF-8 in a Buffer and a lone surrogate in a string', () => {
  const base = { appId: FIXED.appId, traceId: 't', timestamp: TS };
  expectStatus(() => ydrz.jssdkSign({ ...base, appKey: Buffer.from([0xff, 0xfe]) }), 'YDRZ_E_INVALID_UTF8', 'not valid UTF-8');
  expectStatus(() => new ydrz.PrivateKey('\udcff'), 'YDRZ_E_INVALID_UTF8', 'not valid UTF-8');
  assert.equal(ydrz.codeMessage(Buffer.from([0xff])), null);
  // A well-formed surrogate pair is fine: it is one code point.
  assert.equal(ydrz.codeMessage('😀'), null);
});

const NUL = 'x\0tail';
const SHA256 = SignAlgorithm.SHA256_RSA;
const B64 = Encoding.BASE64;

/** [test name, the field given NUL, a call]: every public function and method that takes text. The other
 * arguments need not be valid: the NUL is refused before C is called. */
const NUL_CASES = [
  ['PrivateKey', 'keyText', () => new ydrz.PrivateKey(NUL)],
  ['PublicKey', 'keyText', () => new ydrz.PublicKey(NUL)],
  ['jssdkSign', 'appId', () => ydrz.jssdkSign({ appId: NUL, appKey: 'k', traceId: 't', timestamp: TS })],
  ['jssdkSign version', 'version', () => ydrz.jssdkSign({ appId: '1', appKey: 'k', traceId: 't', timestamp: TS, version: NUL })],
  ['tokenValidateSign', 'token', (c) => ydrz.tokenValidateSign(K, { appId: '1', traceId: 't', timestamp: TS, token: NUL })],
  ['presignSign', 'presign', () => ydrz.presignSign(K, NUL)],
  ['appLoginMd5Sign', 'secret', () => ydrz.appLoginMd5Sign({ ...md5(), secret: NUL })],
  ['appNumberSignKeyType0', 'phone', () => ydrz.appNumberSignKeyType0({ ...keyType0(), phone: NUL })],
  ['rsaSign', 'data', () => ydrz.rsaSign(K, NUL, SHA256, B64)],
  ['rsaVerify data', 'data', () => ydrz.rsaVerify(P, NUL, 'AAAA', SHA256, B64)],
  ['rsaVerify signature', 'signature', () => ydrz.rsaVerify(P, 'data', NUL, SHA256, B64)],
  ['rsaEncrypt', 'plaintext', () => ydrz.rsaEncrypt(P, NUL)],
  ['rsaDecrypt', 'ciphertext', () => ydrz.rsaDecrypt(K, NUL)],
  ['encryptPhone', 'appKey', () => ydrz.encryptPhone(P, { phone: '13800138000', appKey: NUL, timestamp: TS })],
  ['decryptMsisdn', 'msisdn', () => ydrz.decryptMsisdn('k'.repeat(16), NUL)],
  ['decryptMsisdn Buffer', 'appKey', () => ydrz.decryptMsisdn(Buffer.from('k\0'), 'AAAA')],
  ['codeMessage', 'code', () => ydrz.codeMessage(NUL)],
  ['codeMessage stage', 'stage', () => ydrz.codeMessage('103000', { stage: NUL })],
  ['codeDescribe', 'product', () => ydrz.codeDescribe('103000', { product: NUL })],
  ['Client', 'config', () => new ydrz.Client(`{"app_id":"${NUL}"}`)],
  ['Client.presignSign', 'presign', (c) => c.presignSign(NUL)],
  ['Client.onekeyValidate', 'expandParams', (c) => c.onekeyValidate({ token: 't', userInformation: 'u', expandParams: NUL })],
  ['Client.numberVerify', 'userInformation', (c) => c.numberVerify({ token: 't', userInformation: NUL, phone: '13800138000' })],
  ['Client.appLoginValidate', 'token', (c) => c.appLoginValidate({ token: NUL })],
  ['Client.appNumberVerify', 'phone', (c) => c.appNumberVerify({ token: 't', phone: NUL })],
];

for (const [name, field, fn] of NUL_CASES) {
  test(`NUL in ${name} is refused before C could cut it`, async () => {
    const client = new ydrz.Client({ app_id: '300012345678' });
    try {
      await expectStatus(() => fn(client), 'YDRZ_E_INVALID_ARG', `${field} contains a NUL character`);
    } finally {
      client.close();
    }
  });
}

test('wrong JavaScript types are TypeErrors', () => {
  assert.throws(
    () => ydrz.jssdkSign({ appId: 300012345678, appKey: 'k', traceId: 't', timestamp: TS }),
    /appId must be a string, a Buffer or null/,
  );
  assert.throws(() => ydrz.rsaSign(P, 'data', SHA256, B64), /key must be a PrivateKey, not PublicKey/);
  assert.throws(() => ydrz.jssdkSign('300012345678'), TypeError);
  assert.throws(() => new ydrz.Client(undefined), TypeError);
});

test('invalid keys', () => {
  const customer = VECTORS.keys.customer_1024;
  expectStatus(() => new ydrz.PrivateKey(customer.public_x509_spki_der_base64), 'YDRZ_E_KEY', 'public key');
  expectStatus(() => new ydrz.PublicKey(customer.private_pkcs8_der_base64), 'YDRZ_E_KEY', 'private key');
  expectStatus(() => new ydrz.PrivateKey('not a key'), 'YDRZ_E_KEY', 'neither PEM nor valid Base64');
  expectStatus(
    () => new ydrz.Client({ app_id: '300012345678', private_key: customer.public_x509_spki_der_base64 }),
    'YDRZ_E_KEY',
    'private_key',
  );
});

test('key errors never echo the key', () => {
  const secret = VECTORS.keys.customer_1024.private_pkcs8_der_base64;
  const e = expectStatus(() => new ydrz.PublicKey(secret), 'YDRZ_E_KEY');
  assert.ok(!e.message.includes(secret.slice(0, 40)) && !e.message.includes(secret.slice(-40)));
});

test('a wrong key or ciphertext is a crypto error', () => {
  const ciphertext = VECTORS.vectors.find((v) => v.id === 'phoneNum_rsa_platform_1024').ciphertext_base64;
  expectStatus(() => ydrz.rsaDecrypt(K, ciphertext), 'YDRZ_E_CRYPTO');
  expectStatus(() => ydrz.rsaDecrypt(privateKeys.platform_1024, ciphertext.slice(0, -8)), 'YDRZ_E_CRYPTO');
  expectStatus(
    () => ydrz.decryptMsisdn('0000000000000000', 'RP+ama7A6MB2X/o7iETGrQ=='),
    'YDRZ_E_CRYPTO',
    'does not decrypt with this appkey',
  );
});

test('undecodable signature text does not verify', () => {
  assert.equal(ydrz.rsaVerify(P, 'data', 'not hex', SHA256, Encoding.HEX_UPPER), false);
  expectStatus(() => ydrz.rsaVerify(P, 'data', 'AA', 99, Encoding.HEX_UPPER), 'YDRZ_E_INVALID_ARG', 'algorithm');
});

test('configuration errors are named', () => {
  expectStatus(() => new ydrz.Client({ app_id: '300012345678', timeout: 5 }), 'YDRZ_E_INVALID_ARG', 'unknown config key "timeout"');
  expectStatus(() => new ydrz.Client('{'), 'YDRZ_E_INVALID_ARG', 'not valid JSON');
  expectStatus(
    () => new ydrz.Client({ app_id: '300012345678', base_url: 'http://www.cmpassport.com' }),
    'YDRZ_E_INVALID_ARG',
    'http:// is allowed only for loopback',
  );
});

test('client operations name missing configuration', async () => {
  const client = new ydrz.Client({ app_id: '300012345678' });
  expectStatus(() => client.jssdkParams(), 'YDRZ_E_INVALID_ARG', 'app_key');
  expectStatus(() => client.presignSign('presign'), 'YDRZ_E_INVALID_ARG', 'private_key');
  await expectStatus(
    () => client.numberVerify({ token: 't', userInformation: 'u', phone: '13800138000' }),
    'YDRZ_E_INVALID_ARG',
    '',
  );
  client.close();
});
