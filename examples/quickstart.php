<?php

// ydrz quickstart (PHP): jssdk parameters, one-click login and number verification.
//
// Against the sandbox (default): starts `ydrz sandbox` as a child process, asks its control endpoint for
// tokens (what the mini-program's jssdk would hand to your front end), and validates them.
//
//     cargo build --release --lib --bin ydrz && bindings/php/gen-cdef.sh
//     php examples/quickstart.php
//
// Against the real platform: put your app's configuration in a JSON file (the keys of the sandbox's
// client_config, app_id, app_key, private_key, platform_public_key, but WITHOUT base_url) and pass the
// tokens your front end received:
//
//     php examples/quickstart.php --config=my-app.json --token=T --user-information=U \
//         [--verify-token=T2 --verify-user-information=U2 --phone=1xxxxxxxxxx]
//
// Environment: YDRZ_LIBRARY (default <repo>/target/release/libydrz.so), YDRZ_BIN (the ydrz executable for
// the sandbox; default <repo>/target/release/ydrz). In a Composer project, require vendor/autoload.php instead.
declare(strict_types=1);

use Ydrz\Client;
use Ydrz\Testing\Sandbox;
use Ydrz\Ydrz;
use Ydrz\YdrzException;

// In a checkout: the binding and the build of the repository; in the Composer package (examples/ beside
// autoload.php): the package itself, its library and its sandbox.
$repo = dirname(__DIR__);
require is_file("$repo/bindings/php/autoload.php") ? "$repo/bindings/php/autoload.php" : "$repo/autoload.php";
if (getenv('YDRZ_LIBRARY') === false && is_file("$repo/target/release/libydrz.so")) {
    putenv("YDRZ_LIBRARY=$repo/target/release/libydrz.so");
}
const SANDBOX_PHONE = '13800138000';

function refused(string $step, YdrzException $e): void
{
    if ($e->getPlatformCode() === null) {
        throw $e;
    }
    echo "$step refused: {$e->getPlatformCode()} ", Ydrz::codeMessage($e->getPlatformCode()) ?? '', "\n";
}

/** The three steps of an integration, with errors reported as an integrator would.
 * @param array{string, string} $login @param array{string, string, string}|null $verify */
function run(Client $client, array $login, ?array $verify): void
{
    $p = $client->jssdkParams();
    printf("1. jssdk params for YDRZ.getTokenInfo: appId=%s traceId=%s timestamp=%s sign=%s…\n", $p['appId'], $p['traceId'], $p['timestamp'], substr($p['sign'], 0, 8));
    try {
        $result = $client->onekeyValidate(...$login);
        printf("2. one-click login: phone %s (resultCode %s)\n", Ydrz::maskPhone($result['phone']), $result['details']['resultCode']);
    } catch (YdrzException $e) {
        refused('2. one-click login', $e);
    }
    if ($verify === null) {
        echo "3. number verification: skipped (no --verify-token)\n";
        return;
    }
    try {
        $matched = $client->numberVerify(...$verify)['matched'];
        printf("3. number verification of %s: %s the device's own number\n", Ydrz::maskPhone($verify[2]), $matched ? 'is' : 'is NOT');
    } catch (YdrzException $e) {
        refused('3. number verification', $e);
    }
}

$a = getopt('', ['config:', 'token:', 'user-information:', 'verify-token:', 'verify-user-information:', 'phone:']);
try {
    if (!isset($a['config'])) {
        $built = "$repo/target/release/ydrz";
        $sandbox = Sandbox::start(getenv('YDRZ_BIN') ?: (is_file($built) ? $built : null));
        echo "sandbox at {$sandbox->baseUrl} (ydrz ", Ydrz::version(), ")\n";
        $login = $sandbox->token('onekey', SANDBOX_PHONE); // what the jssdk gives the front end
        $check = $sandbox->token('number_verify', SANDBOX_PHONE);
        run($sandbox->client(), [$login['token'], $login['userInformation']], [$check['token'], $check['userInformation'], SANDBOX_PHONE]);
        $sandbox->stop();
    } else {
        if (!isset($a['token'], $a['user-information'])) {
            throw new InvalidArgumentException('--config needs --token and --user-information');
        }
        $verify = isset($a['verify-token']) ? [$a['verify-token'], $a['verify-user-information'] ?? null, $a['phone'] ?? null] : null;
        run(new Client((string) file_get_contents($a['config'])), [$a['token'], $a['user-information']], $verify);
    }
} catch (Throwable $e) {
    fwrite(STDERR, "error: {$e->getMessage()}\n");
    exit(1);
}
