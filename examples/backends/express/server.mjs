// ydrz example backend (Express): the three endpoints a mini-program's login needs.
//
//   GET  /api/jssdk-params    -> the parameters for YDRZ.getTokenInfo
//   POST /api/login           {token, userInformation}         -> {phone: masked} + a session cookie
//   POST /api/verify-number   {token, userInformation, phone}  -> {matched: bool}
//
// Configuration from the environment: YDRZ_CONFIG_JSON, PORT, HOST, ALLOWED_ORIGIN (examples/backends/README.md).
// Errors are {error, message[, code]}; the log names outcomes, never a phone number or a token.
import { randomBytes } from 'node:crypto';
import express from 'express';
import ydrz from 'ydrz';

const { Client, Status, maskPhone } = ydrz;
// Platform answers that are the caller's fault: the token expired, was used, or does not belong to this
// userInformation (one-click 104007 / 104008, number verification 120020); too many checks of one number.
const TOKEN_REJECTED = new Set(['104007', '104008', '120020']);
const TOO_MANY = new Set(['121011']);
const MAX_FIELD = 4096;
const PHONE = /^1[0-9]{10}$/;

const log = (level, message) => console.log(`${new Date().toISOString()} ${level} ${message}`);

// One client for the process: it holds the parsed keys, the kept-alive connections and the ledger of tokens sent.
const client = new Client(process.env.YDRZ_CONFIG_JSON);
const sessions = new Map(); // session id -> phone number (a real backend keeps this in its session store)

const app = express();
app.disable('x-powered-by');
app.use((req, res, next) => {
  const origin = process.env.ALLOWED_ORIGIN;
  if (origin && req.headers.origin === origin) {
    res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' });
    if (req.method === 'OPTIONS') {
      res.set({ 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'Content-Type' });
      return res.status(204).end();
    }
  }
  res.on('finish', () => log('INFO', `${req.method} ${req.path} ${res.statusCode}`));
  return next();
});
app.use(express.text({ type: () => true, limit: '64kb' }));

class BadInput extends Error {}

function error(res, status, kind, message, code) {
  return res.status(status).json(code === undefined ? { error: kind, message } : { error: kind, message, code });
}

/** The library's error as an HTTP answer, logged by status and platform code only. */
function libraryError(res, endpoint, e) {
  if (!(e instanceof ydrz.YdrzError)) throw e;
  log('WARNING', `${endpoint} failed: ${e.statusName} ${e.platformCode ?? ''}`);
  const code = e.platformCode;
  switch (e.status) {
    case Status.E_TOKEN_REUSED:
      return error(res, 409, 'token_reused', 'this token was already used; get a new one');
    case Status.E_PLATFORM:
      if (TOKEN_REJECTED.has(code)) return error(res, 401, 'token_rejected', 'the token is expired, used or does not match', code);
      if (TOO_MANY.has(code)) return error(res, 429, 'too_many_attempts', 'too many verifications of this number today', code);
      return error(res, 502, 'platform_refused', 'the platform refused the request', code);
    case Status.E_TIMEOUT:
      return error(res, 504, 'platform_timeout', 'the platform did not answer in time');
    case Status.E_NETWORK:
    case Status.E_HTTP:
    case Status.E_PROTOCOL:
      return error(res, 502, 'platform_unavailable', 'the platform could not be reached');
    case Status.E_INVALID_ARG:
    case Status.E_INVALID_UTF8:
      return error(res, 400, 'invalid_request', 'a field is malformed');
    default:
      return error(res, 500, 'internal', 'internal error');
  }
}

/** The JSON object body's string fields: each required, non-empty, at most MAX_FIELD characters. */
function fields(req, names) {
  let body;
  try {
    body = JSON.parse(typeof req.body === 'string' ? req.body : '');
  } catch {
    throw new BadInput('the body must be a JSON object');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadInput('the body must be a JSON object');
  const out = {};
  for (const name of names) {
    const value = body[name];
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_FIELD) {
      throw new BadInput(`${name} must be a non-empty string of at most ${MAX_FIELD} characters`);
    }
    out[name] = value;
  }
  return out;
}

app.get('/api/jssdk-params', (req, res) => res.json(client.jssdkParams()));

app.post('/api/login', async (req, res) => {
  const body = fields(req, ['token', 'userInformation']);
  let result;
  try {
    result = await client.onekeyValidate({ token: body.token, userInformation: body.userInformation });
  } catch (e) {
    return libraryError(res, 'login', e);
  }
  const session = randomBytes(16).toString('hex');
  sessions.set(session, result.phone);
  log('INFO', 'login ok');
  res.cookie('session', session, { httpOnly: true, sameSite: 'lax', path: '/' });
  return res.json({ phone: maskPhone(result.phone) });
});

app.post('/api/verify-number', async (req, res) => {
  const body = fields(req, ['token', 'userInformation', 'phone']);
  if (!PHONE.test(body.phone)) throw new BadInput('phone must be 11 digits starting with 1');
  let result;
  try {
    result = await client.numberVerify(body);
  } catch (e) {
    return libraryError(res, 'verify-number', e);
  }
  log('INFO', `verify-number ok: ${result.matched ? 'matched' : 'not matched'}`);
  return res.json({ matched: result.matched });
});

// Express 5 passes errors thrown by async handlers here (an error handler is known by its four parameters).
// eslint-disable-next-line no-unused-vars
app.use((e, req, res, next) => {
  if (e instanceof BadInput) {
    log('INFO', `refused input: ${e.message}`);
    return error(res, 400, 'invalid_request', e.message);
  }
  if (e.type === 'entity.too.large') return error(res, 413, 'invalid_request', 'the body is too large');
  log('ERROR', `unexpected ${e.name}`);
  return error(res, 500, 'internal', 'internal error');
});

const server = app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1', () =>
  log('INFO', `listening on http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT}`));
const stop = () => server.close(() => { client.close(); process.exit(0); });
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
