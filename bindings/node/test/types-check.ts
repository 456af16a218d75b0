// Compiled by types.test.mjs with `tsc --noEmit --strict`: the declarations accept real use and refuse misuse.
import ydrz, { Client, Encoding, PrivateKey, YdrzError, jssdkSign, type Validated } from 'ydrz';
import { Sandbox } from 'ydrz/testing';

const sign: string = jssdkSign({ appId: '1', appKey: 'k', traceId: 't', timestamp: '20240131235959123' });
const lower: string = ydrz.jssdkSign({ appId: '1', appKey: 'k', traceId: 't', timestamp: 'x', encoding: Encoding.HEX_LOWER });
const key = new PrivateKey('...');
const spki: string = key.publicSpki();
key.close();

async function validate(sandbox: Sandbox): Promise<string> {
  const client: Client = sandbox.client({ timeout_ms: 500 });
  const token = await sandbox.token('onekey', '13800138000');
  try {
    const result: Validated = await client.onekeyValidate({ token: token.token, userInformation: token.userInformation });
    return result.phone;
  } catch (e) {
    if (e instanceof YdrzError) {
      const code: string | null = e.platformCode;
      return `${e.status} ${e.statusName} ${code}`;
    }
    throw e;
  } finally {
    client.close();
  }
}

// @ts-expect-error: the options object is required
jssdkSign();
// @ts-expect-error: encodings are numbers from Encoding
ydrz.rsaSign(key, 'd', 1, 'base64');
// @ts-expect-error: validations return Promises, not values
const notAwaited: Validated = new Client({ app_id: '1' }).onekeyValidate({ token: 't', userInformation: 'u' });

export { sign, lower, spki, validate, notAwaited };
