<?php

// ydrz example backend (plain PHP, `php -S`): the three endpoints a mini-program's login needs.
//
//   GET  /api/jssdk-params    -> the parameters for YDRZ.getTokenInfo
//   POST /api/login           {token, userInformation}         -> {phone: masked} + a session cookie
//   POST /api/verify-number   {token, userInformation, phone}  -> {matched: bool}
//
// Configuration from the environment: YDRZ_CONFIG_JSON, ALLOWED_ORIGIN (examples/backends/README.md). Errors are
// {error, message[, code]}; the log names outcomes, never a phone number or a token.
//
// PHP runs each request in a fresh process state, so the client's own ledger of tokens sent lives one request
// only; UsedTokens (below) keeps the ledger across requests in a locked file, so that a token is never sent
// twice. Under PHP-FPM, keep it in APCu or Redis instead.
declare(strict_types=1);

use Ydrz\Client;
use Ydrz\Status;
use Ydrz\Ydrz;
use Ydrz\YdrzException;

require getenv('YDRZ_PHP_AUTOLOAD') ?: dirname(__DIR__, 3) . '/bindings/php/autoload.php';

// Platform answers that are the caller's fault: the token expired, was used, or does not belong to this
// userInformation (one-click 104007 / 104008, number verification 120020); too many checks of one number.
const TOKEN_REJECTED = ['104007', '104008', '120020'];
const TOO_MANY = ['121011'];
const MAX_FIELD = 4096;
// The longest token lifetime of the mini-program products (one-click: 2 minutes), and some margin.
const TOKEN_MEMORY_SECONDS = 300;

final class HttpError extends Exception
{
    public function __construct(public readonly int $status, public readonly string $kind, string $message,
        public readonly ?string $platformCode = null)
    {
        parent::__construct($message);
    }
}

/** Tokens this backend has sent, as SHA-256 digests with the time, in a file locked for each check. */
final class UsedTokens
{
    /** Records $token; false when it was recorded before (within TOKEN_MEMORY_SECONDS). */
    public static function claim(string $token): bool
    {
        $file = fopen(sys_get_temp_dir() . '/ydrz-backend-' . getenv('PORT') . '.tokens', 'c+');
        flock($file, LOCK_EX);
        try {
            $now = time();
            $seen = json_decode(stream_get_contents($file) ?: '{}', true) ?: [];
            $seen = array_filter($seen, static fn (int $at): bool => $now - $at < TOKEN_MEMORY_SECONDS);
            $digest = hash('sha256', $token);
            $fresh = !isset($seen[$digest]);
            $seen[$digest] = $seen[$digest] ?? $now;
            ftruncate($file, 0);
            rewind($file);
            fwrite($file, json_encode($seen));
            return $fresh;
        } finally {
            flock($file, LOCK_UN);
            fclose($file);
        }
    }
}

function logLine(string $level, string $message): void
{
    error_log("$level $message");
}

function respond(int $status, array $body): void
{
    http_response_code($status);
    header('Content-Type: application/json');
    echo json_encode($body, JSON_UNESCAPED_SLASHES);
}

/** The JSON object body's string fields: each required, non-empty, at most MAX_FIELD characters. */
function fields(string ...$names): array
{
    try {
        $body = json_decode(file_get_contents('php://input', length: 65536) ?: '', false, 8, JSON_THROW_ON_ERROR);
    } catch (JsonException) {
        $body = null;
    }
    if (!$body instanceof stdClass) {
        throw new HttpError(400, 'invalid_request', 'the body must be a JSON object');
    }
    $out = [];
    foreach ($names as $name) {
        $value = $body->$name ?? null;
        // Characters counted by PCRE (always built in); invalid UTF-8 counts as false and is refused.
        $characters = is_string($value) ? preg_match_all('/./su', $value) : false;
        if ($characters === false || $characters === 0 || $characters > MAX_FIELD) {
            throw new HttpError(400, 'invalid_request', "$name must be a non-empty string of at most " . MAX_FIELD . ' characters');
        }
        $out[$name] = $value;
    }
    return $out;
}

/** The library's error as an HTTP error, logged by status and platform code only. */
function libraryError(string $endpoint, YdrzException $e): HttpError
{
    $code = $e->getPlatformCode();
    logLine('WARNING', "$endpoint failed: {$e->getStatusName()} " . ($code ?? ''));
    return match (true) {
        $e->getStatus() === Status::E_TOKEN_REUSED => new HttpError(409, 'token_reused', 'this token was already used; get a new one'),
        $e->getStatus() === Status::E_PLATFORM && in_array($code, TOKEN_REJECTED, true) =>
            new HttpError(401, 'token_rejected', 'the token is expired, used or does not match', $code),
        $e->getStatus() === Status::E_PLATFORM && in_array($code, TOO_MANY, true) =>
            new HttpError(429, 'too_many_attempts', 'too many verifications of this number today', $code),
        $e->getStatus() === Status::E_PLATFORM => new HttpError(502, 'platform_refused', 'the platform refused the request', $code),
        $e->getStatus() === Status::E_TIMEOUT => new HttpError(504, 'platform_timeout', 'the platform did not answer in time'),
        in_array($e->getStatus(), [Status::E_NETWORK, Status::E_HTTP, Status::E_PROTOCOL], true) =>
            new HttpError(502, 'platform_unavailable', 'the platform could not be reached'),
        in_array($e->getStatus(), [Status::E_INVALID_ARG, Status::E_INVALID_UTF8], true) =>
            new HttpError(400, 'invalid_request', 'a field is malformed'),
        default => new HttpError(500, 'internal', 'internal error'),
    };
}

/** Runs a token call once per token: a token seen before is refused without a request. */
function once(string $endpoint, string $token, callable $call): array
{
    if (!UsedTokens::claim($token)) {
        logLine('WARNING', "$endpoint failed: YDRZ_E_TOKEN_REUSED (this backend sent the token before)");
        throw new HttpError(409, 'token_reused', 'this token was already used; get a new one');
    }
    try {
        return $call();
    } catch (YdrzException $e) {
        throw libraryError($endpoint, $e);
    }
}

function client(): Client
{
    return new Client(getenv('YDRZ_CONFIG_JSON') ?: '');
}

$origin = getenv('ALLOWED_ORIGIN');
if ($origin && ($_SERVER['HTTP_ORIGIN'] ?? '') === $origin) {
    header("Access-Control-Allow-Origin: $origin");
    header('Access-Control-Allow-Credentials: true');
    header('Vary: Origin');
    if ($_SERVER['REQUEST_METHOD'] === 'OPTIONS') {
        header('Access-Control-Allow-Methods: GET, POST');
        header('Access-Control-Allow-Headers: Content-Type');
        http_response_code(204);
        return;
    }
}

$route = $_SERVER['REQUEST_METHOD'] . ' ' . parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
try {
    switch ($route) {
        case 'GET /api/jssdk-params':
            try {
                respond(200, client()->jssdkParams());
            } catch (YdrzException $e) {
                throw libraryError('jssdk-params', $e);
            }
            break;
        case 'POST /api/login':
            $body = fields('token', 'userInformation');
            $result = once('login', $body['token'], static fn () => client()->onekeyValidate($body['token'], $body['userInformation']));
            session_name('session');
            session_set_cookie_params(['path' => '/', 'httponly' => true, 'samesite' => 'Lax']);
            session_start();
            session_regenerate_id(true);
            $_SESSION['phone'] = $result['phone'];
            logLine('INFO', 'login ok');
            respond(200, ['phone' => Ydrz::maskPhone($result['phone'])]);
            break;
        case 'POST /api/verify-number':
            $body = fields('token', 'userInformation', 'phone');
            if (!preg_match('/^1[0-9]{10}$/D', $body['phone'])) {
                throw new HttpError(400, 'invalid_request', 'phone must be 11 digits starting with 1');
            }
            $result = once('verify-number', $body['token'], static fn () =>
                client()->numberVerify($body['token'], $body['userInformation'], $body['phone']));
            logLine('INFO', 'verify-number ok: ' . ($result['matched'] ? 'matched' : 'not matched'));
            respond(200, ['matched' => $result['matched']]);
            break;
        default:
            throw new HttpError(404, 'not_found', 'no such endpoint');
    }
} catch (HttpError $e) {
    if ($e->status === 400) {
        logLine('INFO', "refused input: {$e->getMessage()}");
    }
    respond($e->status, ['error' => $e->kind, 'message' => $e->getMessage()] + ($e->platformCode === null ? [] : ['code' => $e->platformCode]));
}
