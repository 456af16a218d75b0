// Compiled by types.test.mjs with `tsc --noEmit --strict`: the declarations accept real use and refuse misuse.
import ydrz, { Client, Encoding, Exchange, PrivateKey, YdrzError, jssdkSign, type ClientConfig, type PendingStep, type SignAlgorithmName, type Signer, type Validated, type Verified } from 'ydrz';
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

async function ownHttp(client: Client, signal: AbortSignal): Promise<boolean> {
  const exchange: Exchange<Verified> = client.appNumberBegin({ token: 't', phone: '13800138000' });
  const { method, url, headers, body, timeout_ms } = exchange.request;
  try {
    const response = await fetch(url, { method, headers: headers.map(([n, v]): [string, string] => [n, v]), body, redirect: 'manual', signal: AbortSignal.timeout(timeout_ms) });
    return exchange.finish(response.status, await response.arrayBuffer()).matched;
  } catch (e) {
    exchange.close();
    throw e;
  } finally {
    await client.onekeyValidate({ token: 't', userInformation: 'u', signal }).catch(() => null);
  }
}
const kmsSigner: Signer = {
  sign: async (algorithm: SignAlgorithmName, data: Uint8Array) => new Uint8Array(data.length + algorithm.length),
  decrypt: (block: Uint8Array, { signal }: { signal?: AbortSignal }) => (signal?.aborted ? new ArrayBuffer(0) : block),
};
async function external(config: ClientConfig): Promise<string> {
  const client = new Client({ ...config, signer: 'external', public_key: 'MIGf...' }, { signer: kmsSigner });
  const exchange = client.onekeyBegin({ token: 't', userInformation: 'u' });
  const step: PendingStep = exchange.pending();
  if (step.step === 'sign') await exchange.provideWith(kmsSigner);
  return (await client.onekeyValidate({ token: 't', userInformation: 'u' })).phone;
}
// @ts-expect-error: a signer gives bytes, not Base64 text
new Client({ app_id: '1' }, { signer: { sign: async () => 'c2ln', decrypt: async () => new Uint8Array() } });

// @ts-expect-error: an exchange is made by a *Begin method
new Exchange<Validated>();
// @ts-expect-error: a verification has no phone
new Client({ app_id: '1' }).numberVerifyBegin({ token: 't', userInformation: 'u', phone: 'p' }).finish(200, '').phone;

// @ts-expect-error: the options object is required
jssdkSign();
// @ts-expect-error: encodings are numbers from Encoding
ydrz.rsaSign(key, 'd', 1, 'base64');
// @ts-expect-error: validations return Promises, not values
const notAwaited: Validated = new Client({ app_id: '1' }).onekeyValidate({ token: 't', userInformation: 'u' });

export { sign, lower, spki, validate, notAwaited, ownHttp, external };
