// Type declarations of the ydrz package (CommonJS and ES module entries export the same objects).

/** The ABI version this binding was written for. */
export const ABI_VERSION: 1;
/** Environment variable naming the library file to load instead of the bundled one. */
export const LIBRARY_ENV: 'YDRZ_LIBRARY';

/** libydrz could not be loaded, or it is not ABI version 1; the message names every place tried. */
export class LibraryLoadError extends Error {}

/** Loads libydrz from `file` (or by the usual search) unless loaded already; returns what was loaded. */
export function loadLibrary(file?: string): string;

export const Status: Readonly<{
  OK: 0;
  E_NULL_ARG: 1;
  E_INVALID_ARG: 2;
  E_INVALID_UTF8: 3;
  E_KEY: 10;
  E_CRYPTO: 11;
  E_SIGNATURE: 12;
  E_NETWORK: 20;
  E_TIMEOUT: 21;
  E_HTTP: 22;
  E_PROTOCOL: 23;
  E_PLATFORM: 30;
  E_TOKEN_REUSED: 31;
  E_PANIC: 100;
}>;
export type StatusNumber = (typeof Status)[keyof typeof Status];

/** A failed library call. */
export class YdrzError extends Error {
  readonly name: 'YdrzError';
  /** The status number, e.g. 30. */
  readonly status: StatusNumber | number;
  /** The status constant's name, e.g. "YDRZ_E_PLATFORM" (also in `code`). */
  readonly statusName: string;
  readonly code: string;
  /** The platform's result code (e.g. "104007") for YDRZ_E_PLATFORM, else null. */
  readonly platformCode: string | null;
  /** The library's message (never holds secrets or full phone numbers). */
  readonly reason: string;
}

/** A text argument: a string (UTF-8), raw bytes, or null / undefined for NULL. */
export type Text = string | Uint8Array | null | undefined;

interface NativeHandle {
  /** Frees the handle now, or once the asynchronous calls running on it end. Idempotent. */
  close(): void;
  readonly closed: boolean;
}

export class PrivateKey implements NativeHandle {
  constructor(keyText: Text);
  /** The public half as Base64 X.509 SubjectPublicKeyInfo. */
  publicSpki(): string;
  close(): void;
  readonly closed: boolean;
}

export class PublicKey implements NativeHandle {
  constructor(keyText: Text);
  close(): void;
  readonly closed: boolean;
}

export interface KeyPair {
  privatePkcs8: string;
  publicSpki: string;
}
export function generateKeyPair(bits?: number): KeyPair;

export const Encoding: Readonly<{ HEX_UPPER: 1; HEX_LOWER: 2; BASE64: 3 }>;
export type EncodingNumber = (typeof Encoding)[keyof typeof Encoding];
export const SignAlgorithm: Readonly<{ SHA256_RSA: 1; MD5_RSA: 2 }>;
export type SignAlgorithmNumber = (typeof SignAlgorithm)[keyof typeof SignAlgorithm];

export function jssdkSign(options: {
  appId: Text;
  appKey: Text;
  traceId: Text;
  timestamp: Text;
  version?: Text;
  businessType?: Text;
  encoding?: EncodingNumber;
}): string;
export function tokenValidateSign(
  key: PrivateKey | null,
  options: { appId: Text; traceId: Text; timestamp: Text; token: Text; version?: Text },
): string;
export function presignSign(key: PrivateKey | null, presign: Text): string;
export function appLoginMd5Sign(options: {
  appId: Text;
  version: Text;
  msgId: Text;
  systemTime: Text;
  strictCheck: Text;
  token: Text;
  secret: Text;
  encoding?: EncodingNumber;
}): string;
export function appNumberSignKeyType0(options: {
  appId: Text;
  appKey: Text;
  msgId: Text;
  phone: Text;
  timestamp: Text;
  token: Text;
  version: Text;
}): { phoneNum: string; sign: string };
export function rsaSign(key: PrivateKey | null, data: Text, algorithm: SignAlgorithmNumber, encoding: EncodingNumber): string;
/** True when the signature verifies, false when it does not; other failures throw. */
export function rsaVerify(
  key: PublicKey | null,
  data: Text,
  signature: Text,
  algorithm: SignAlgorithmNumber,
  encoding: EncodingNumber,
): boolean;
export function rsaEncrypt(key: PublicKey | null, plaintext: Text): string;
export function rsaDecrypt(key: PrivateKey | null, ciphertext: Text): string;
export function encryptPhone(platformKey: PublicKey | null, options: { phone: Text; appKey: Text; timestamp: Text }): string;
export function decryptMsisdn(appKey: Text, msisdn: Text): string;

export interface CodeEntry {
  product: string;
  stage: string;
  code: string;
  message_zh: string;
  meaning_en: string;
  hint: string;
}
export function codeMessage(code: Text, options?: { product?: Text; stage?: Text }): string | null;
export function codeDescribe(code: Text, options?: { product?: Text; stage?: Text }): CodeEntry[];
export function version(): string;
export function abiVersion(): number;
export function statusName(status: number): string;
export function libraryPath(): string;
export function maskPhone(phone: string): string;

/** The client configuration of ydrz_client_new (keys as the library spells them; see the repository README). */
export interface ClientConfig {
  app_id: string;
  app_key?: string;
  app_secret?: string;
  private_key?: string;
  platform_public_key?: string;
  base_url?: string;
  connect_timeout_ms?: number;
  timeout_ms?: number;
  ca_cert_pem?: string;
  proxy?: string;
  keep_alive?: boolean;
  retries?: number;
  token_ttl_ms?: number;
  utc_offset_minutes?: number;
  [section: string]: unknown;
}

export interface JssdkParams {
  appId: string;
  traceId: string;
  msgId: string;
  timestamp: string;
  version: string;
  businessType: string;
  sign: string;
}
export interface Validated {
  /** The full 11-digit number: log maskPhone(phone) instead. */
  phone: string;
  details: Record<string, unknown>;
}
export interface Verified {
  matched: boolean;
  details: Record<string, unknown>;
}

/** The request an exchange asks to send: every header in order, `body` byte for byte, within `timeout_ms`,
 * never following a redirect. */
export interface ExchangeRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
  readonly timeout_ms: number;
}

/** A response body handed to finish(): bytes, UTF-8 text, or null / undefined for an empty body. */
export type ResponseBody = Uint8Array | ArrayBuffer | string | null | undefined;

/** One begun validation whose token is reserved; send `request` with any HTTP library, then call exactly one of
 * finish() (an answer arrived), notSent() (the request provably never left) or close() (anything else: the
 * token stays reserved). */
export class Exchange<R> implements NativeHandle {
  private constructor();
  readonly request: ExchangeRequest;
  /** Reads the answer (HTTP status 100-599 and the whole body); frees the exchange. */
  finish(status: number, body: ResponseBody): R;
  /** Releases the token (connection refused, DNS or TLS handshake failure); frees the exchange. */
  notSent(): void;
  close(): void;
  readonly closed: boolean;
}

/** `signal` aborts a validation (it rejects with the signal's reason; a request already sent keeps its token). */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface OnekeyOptions extends CallOptions {
  token: Text;
  userInformation: Text;
  expandParams?: Text;
}
export interface NumberVerifyOptions extends CallOptions {
  token: Text;
  userInformation: Text;
  phone: Text;
  expandParams?: Text;
}
export interface AppLoginOptions extends CallOptions {
  token: Text;
  expandParams?: Text;
}
export interface AppNumberOptions extends CallOptions {
  token: Text;
  phone: Text;
  expandParams?: Text;
}

export class Client implements NativeHandle {
  constructor(config: ClientConfig | string | Uint8Array);
  jssdkParams(): JssdkParams;
  presignSign(presign: Text): string;
  onekeyValidate(options: OnekeyOptions): Promise<Validated>;
  numberVerify(options: NumberVerifyOptions): Promise<Verified>;
  appLoginValidate(options: AppLoginOptions): Promise<Validated>;
  appNumberVerify(options: AppNumberOptions): Promise<Verified>;
  onekeyBegin(options: OnekeyOptions): Exchange<Validated>;
  numberVerifyBegin(options: NumberVerifyOptions): Exchange<Verified>;
  appLoginBegin(options: AppLoginOptions): Exchange<Validated>;
  appNumberBegin(options: AppNumberOptions): Exchange<Verified>;
  close(): void;
  readonly closed: boolean;
}

declare const ydrz: {
  ABI_VERSION: typeof ABI_VERSION;
  LIBRARY_ENV: typeof LIBRARY_ENV;
  LibraryLoadError: typeof LibraryLoadError;
  loadLibrary: typeof loadLibrary;
  Status: typeof Status;
  YdrzError: typeof YdrzError;
  PrivateKey: typeof PrivateKey;
  PublicKey: typeof PublicKey;
  generateKeyPair: typeof generateKeyPair;
  Encoding: typeof Encoding;
  SignAlgorithm: typeof SignAlgorithm;
  jssdkSign: typeof jssdkSign;
  tokenValidateSign: typeof tokenValidateSign;
  presignSign: typeof presignSign;
  appLoginMd5Sign: typeof appLoginMd5Sign;
  appNumberSignKeyType0: typeof appNumberSignKeyType0;
  rsaSign: typeof rsaSign;
  rsaVerify: typeof rsaVerify;
  rsaEncrypt: typeof rsaEncrypt;
  rsaDecrypt: typeof rsaDecrypt;
  encryptPhone: typeof encryptPhone;
  decryptMsisdn: typeof decryptMsisdn;
  codeMessage: typeof codeMessage;
  codeDescribe: typeof codeDescribe;
  version: typeof version;
  abiVersion: typeof abiVersion;
  statusName: typeof statusName;
  libraryPath: typeof libraryPath;
  Client: typeof Client;
  Exchange: typeof Exchange;
  maskPhone: typeof maskPhone;
};
export default ydrz;
