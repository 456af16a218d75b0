// Every vector of tests/data/vectors.json, through the JavaScript API.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import ydrz, { Encoding, SignAlgorithm } from '../index.mjs';
import { FIXED, VECTORS, privateKeys, publicKeys } from './helpers.mjs';

const ALL = VECTORS.vectors;
const ENCODED_FIELDS = {
  expected_hex_upper: Encoding.HEX_UPPER,
  expected_hex_lower: Encoding.HEX_LOWER,
  expected_base64: Encoding.BASE64,
};

function byPrefix(...prefixes) {
  const found = ALL.filter((v) => prefixes.some((p) => v.id.startsWith(p)));
  assert.ok(found.length > 0, `no vector starts with ${prefixes}`);
  return found;
}

function algorithmOf(vector) {
  const sha = vector.algorithm.includes('SHA256withRSA');
  assert.notEqual(sha, vector.algorithm.includes('MD5withRSA'), vector.algorithm);
  return sha ? SignAlgorithm.SHA256_RSA : SignAlgorithm.MD5_RSA;
}

/** [vector, field, encoding] for every RSA signature written in every encoding the vector gives. */
const RSA_SIGNATURES = ALL.filter((v) => 'key' in v && 'string_to_sign' in v).flatMap((v) =>
  Object.entries(ENCODED_FIELDS)
    .filter(([field]) => field in v)
    .map(([field, encoding]) => [v, field, encoding]),
);

const OTHER_PREFIXES = [
  'jssdk_md5_sign',
  'phoneNum_rsa',
  'encryptedDataOnJava',
  'h5_msisdn',
  'app_msisdn',
  'app_loginTokenValidate_md5',
  'app_tokenValidate_keyType0',
];

test('every vector is covered', () => {
  const covered = new Set([...RSA_SIGNATURES.map(([v]) => v.id), ...byPrefix(...OTHER_PREFIXES).map((v) => v.id)]);
  assert.deepEqual(
    ALL.map((v) => v.id).filter((id) => !covered.has(id)),
    [],
  );
});

test('the RSA cases span both key sizes, both algorithms and every encoding', () => {
  assert.deepEqual(new Set(RSA_SIGNATURES.map(([v]) => v.key)), new Set(['customer_1024', 'customer_2048']));
  assert.deepEqual(new Set(RSA_SIGNATURES.map(([v]) => algorithmOf(v))), new Set(Object.values(SignAlgorithm)));
  assert.deepEqual(new Set(RSA_SIGNATURES.map(([, , e]) => e)), new Set(Object.values(Encoding)));
});

for (const v of byPrefix('jssdk_md5_sign')) {
  for (const [field, encoding] of [
    ['expected_hex_upper', Encoding.HEX_UPPER],
    ['expected_hex_lower', Encoding.HEX_LOWER],
  ]) {
    test(`jssdkSign ${v.id} ${field}`, () => {
      const i = v.inputs;
      assert.equal(i.msgId, i.traceId);
      const sign = ydrz.jssdkSign({
        appId: i.appId,
        appKey: i.appkey,
        traceId: i.traceId,
        timestamp: i.timestamp,
        version: i.version,
        businessType: i.businessType,
        encoding,
      });
      assert.equal(sign, v[field]);
    });
  }
}

test('jssdkSign defaults to version 2.0, businessType 8, upper case', () => {
  const v = ALL.find((x) => x.id === 'jssdk_md5_sign_bt8');
  assert.deepEqual([v.inputs.version, v.inputs.businessType], ['2.0', '8']);
  const sign = ydrz.jssdkSign({
    appId: FIXED.appId,
    appKey: FIXED.appkey,
    traceId: FIXED.traceId_msgId,
    timestamp: FIXED.timestamp,
  });
  assert.equal(sign, v.expected_hex_upper);
});

for (const v of byPrefix('app_loginTokenValidate_md5')) {
  test(`appLoginMd5Sign ${v.id}`, () => {
    const i = v.inputs;
    const options = {
      appId: i.appid,
      version: i.version,
      msgId: i.msgid,
      systemTime: i.systemtime,
      strictCheck: i.strictcheck,
      token: i.token,
      secret: i.APPSecret_or_appkey,
    };
    assert.equal(
      v.string_to_sign,
      [i.appid, i.version, i.msgid, i.systemtime, i.strictcheck, i.token, i.APPSecret_or_appkey].join(''),
    );
    assert.equal(ydrz.appLoginMd5Sign(options), v.expected_hex_upper);
    assert.equal(ydrz.appLoginMd5Sign({ ...options, encoding: Encoding.HEX_LOWER }), v.expected_hex_lower);
  });
}

for (const v of byPrefix('app_tokenValidate_keyType0')) {
  test(`appNumberSignKeyType0 ${v.id}`, () => {
    const appKey = v.hmac_key;
    assert.equal(v.phoneNum_input, FIXED.phone + appKey + FIXED.timestamp);
    const phoneNum = v.expected_phoneNum_sha256_hex_upper;
    assert.equal(
      v.string_to_sign,
      [FIXED.appId, FIXED.traceId_msgId, phoneNum, FIXED.timestamp, FIXED.token_app, '1.0'].join(''),
    );
    const signed = ydrz.appNumberSignKeyType0({
      appId: FIXED.appId,
      appKey,
      msgId: FIXED.traceId_msgId,
      phone: FIXED.phone,
      timestamp: FIXED.timestamp,
      token: FIXED.token_app,
      version: '1.0',
    });
    assert.deepEqual(signed, { phoneNum, sign: v.expected_sign_hmacsha256_hex_upper });
  });
}

for (const v of byPrefix('h5_tokenValidate_sign')) {
  test(`tokenValidateSign ${v.id}`, () => {
    const i = v.inputs;
    assert.equal(v.string_to_sign, i.appId + i.traceId + i.timestamp + i.token + i.version);
    const sign = ydrz.tokenValidateSign(privateKeys[v.key], {
      appId: i.appId,
      traceId: i.traceId,
      timestamp: i.timestamp,
      token: i.token,
      version: i.version,
    });
    assert.equal(sign, v.expected_hex_upper);
    if (i.version === '2.0') {
      const notGiven = { appId: i.appId, traceId: i.traceId, timestamp: i.timestamp, token: i.token };
      assert.equal(ydrz.tokenValidateSign(privateKeys[v.key], notGiven), sign); // the library's default
    }
  });
}

for (const v of byPrefix('preSign_MD5withRSA')) {
  test(`presignSign ${v.id}`, () => {
    assert.equal(ydrz.presignSign(privateKeys[v.key], v.string_to_sign), v.expected_base64);
  });
}

for (const [v, field, encoding] of RSA_SIGNATURES) {
  test(`rsaSign and rsaVerify ${v.id} ${field}`, () => {
    const algorithm = algorithmOf(v);
    assert.equal(ydrz.rsaSign(privateKeys[v.key], v.string_to_sign, algorithm, encoding), v[field]);
    const pub = publicKeys[v.key];
    assert.equal(ydrz.rsaVerify(pub, v.string_to_sign, v[field], algorithm, encoding), true);
    assert.equal(ydrz.rsaVerify(pub, `${v.string_to_sign}x`, v[field], algorithm, encoding), false);
    const other = algorithm === SignAlgorithm.SHA256_RSA ? SignAlgorithm.MD5_RSA : SignAlgorithm.SHA256_RSA;
    assert.equal(ydrz.rsaVerify(pub, v.string_to_sign, v[field], other, encoding), false);
  });
}

for (const v of byPrefix('phoneNum_rsa', 'encryptedDataOnJava')) {
  test(`rsaDecrypt ${v.id}`, () => {
    assert.equal(ydrz.rsaDecrypt(privateKeys[v.key], v.ciphertext_base64), v.plaintext);
  });
}

for (const v of byPrefix('encryptedDataOnJava')) {
  test(`rsaEncrypt chunks like encryptedDataOnJava ${v.id}`, () => {
    const ciphertext = ydrz.rsaEncrypt(publicKeys[v.key], v.plaintext);
    const block = Buffer.from(v.ciphertext_base64, 'base64').length / v.expected_blocks;
    assert.equal(Buffer.from(ciphertext, 'base64').length, block * v.expected_blocks);
    assert.notEqual(ciphertext, v.ciphertext_base64); // PKCS#1 v1.5 encryption is randomized
    assert.equal(ydrz.rsaDecrypt(privateKeys[v.key], ciphertext), v.plaintext);
  });
}

for (const v of byPrefix('phoneNum_rsa')) {
  test(`encryptPhone ${v.id}`, () => {
    const ciphertext = ydrz.encryptPhone(publicKeys[v.key], {
      phone: FIXED.phone,
      appKey: FIXED.appkey,
      timestamp: FIXED.timestamp,
    });
    assert.equal(Buffer.from(ciphertext, 'base64').length, v.ciphertext_len_bytes);
    assert.equal(ydrz.rsaDecrypt(privateKeys[v.key], ciphertext), v.plaintext);
    assert.equal(v.plaintext, FIXED.phone + FIXED.appkey + FIXED.timestamp);
  });
}

for (const v of byPrefix('h5_msisdn')) {
  test(`decryptMsisdn ${v.id}`, () => {
    assert.equal(ydrz.decryptMsisdn(v.appkey, v.ciphertext_base64), v.plaintext);
  });
}

test('decryptMsisdn returns a plain number unchanged', () => {
  assert.equal(ydrz.decryptMsisdn(FIXED.appkey, FIXED.phone), FIXED.phone);
});

for (const v of byPrefix('app_msisdn')) {
  test(`App msisdn in hex (either case) and Base64 ${v.id}`, () => {
    const key = privateKeys[v.key];
    assert.equal(ydrz.rsaDecrypt(key, v.ciphertext_hex_upper), v.plaintext);
    assert.equal(ydrz.rsaDecrypt(key, v.ciphertext_hex_upper.toLowerCase()), v.plaintext);
    assert.equal(ydrz.rsaDecrypt(key, v.ciphertext_base64), v.plaintext);
  });
}
