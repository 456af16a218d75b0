<?php

// Benchmark: ydrz against PHP's own idiom, what a hand-written integration uses: md5() for the jssdk sign,
// openssl_sign() for the tokenValidate SHA256withRSA signature (1024- and 2048-bit keys), each key parsed
// once. Prints, per case, the median time of one call over several interleaved rounds and its ratio to
// ydrz (>1: slower than ydrz). Run with bench/run.sh. Options: --rounds=N (default 7).
declare(strict_types=1);

require dirname(__DIR__) . '/autoload.php';

use Ydrz\PrivateKey;
use Ydrz\Ydrz;

$vectors = json_decode((string) file_get_contents(dirname(__DIR__, 3) . '/tests/data/vectors.json'), true);
$f = $vectors['fixed_inputs'];
$rounds = (int) (getopt('', ['rounds:'])['rounds'] ?? 7);

/** Calls per round: as many as take at least 0.2 s. */
function calibrate(callable $fn): int
{
    for ($n = 1; ; $n *= 2) {
        $start = hrtime(true);
        for ($i = 0; $i < $n; $i++) {
            $fn();
        }
        if (hrtime(true) - $start >= 200_000_000) {
            return $n;
        }
    }
}

/** @param array<string, callable> $candidates the first is the reference */
function compare(string $name, int $rounds, array $candidates): void
{
    $calls = array_map('calibrate', $candidates);
    $samples = array_fill_keys(array_keys($candidates), []);
    for ($r = 0; $r < $rounds; $r++) {
        foreach ($candidates as $label => $fn) {
            $start = hrtime(true);
            for ($i = 0; $i < $calls[$label]; $i++) {
                $fn();
            }
            $samples[$label][] = (hrtime(true) - $start) / $calls[$label];
        }
    }
    $medians = array_map(static function (array $s): float {
        sort($s);
        return $s[intdiv(count($s), 2)];
    }, $samples);
    $reference = reset($medians);
    echo "\n$name\n";
    foreach ($medians as $label => $ns) {
        printf("  %-44s %10.2f µs   x%.2f\n", $label, $ns / 1000, $ns / $reference);
    }
}

$hand = static fn (): string => strtoupper(md5($f['appId'] . '8' . $f['traceId_msgId'] . $f['timestamp'] . $f['traceId_msgId'] . '2.0' . $f['appkey']));
$ydrz = static fn (): string => Ydrz::jssdkSign($f['appId'], $f['appkey'], $f['traceId_msgId'], $f['timestamp']);
if ($ydrz() !== $hand()) {
    exit("the jssdk signs differ\n");
}
compare('jssdk MD5 sign', $rounds, ['Ydrz::jssdkSign' => $ydrz, 'md5()' => $hand]);

foreach (['1024', '2048'] as $bits) {
    $v = array_values(array_filter($vectors['vectors'], static fn ($x) => $x['id'] === "h5_tokenValidate_sign_v2.0_customer_$bits"))[0];
    $der = $vectors['keys'][$v['key']]['private_pkcs8_der_base64'];
    $key = new PrivateKey($der); // parsed once
    $pem = "-----BEGIN PRIVATE KEY-----\n" . chunk_split($der, 64, "\n") . "-----END PRIVATE KEY-----\n";
    $opensslKey = openssl_pkey_get_private($pem); // parsed once
    $i = $v['inputs'];
    $ydrz = static fn (): string => Ydrz::tokenValidateSign($key, $i['appId'], $i['traceId'], $i['timestamp'], $i['token'], $i['version']);
    $hand = static function () use ($v, $opensslKey): string {
        openssl_sign($v['string_to_sign'], $signature, $opensslKey, OPENSSL_ALGO_SHA256);
        return strtoupper(bin2hex($signature));
    };
    if ($ydrz() !== $v['expected_hex_upper'] || $hand() !== $v['expected_hex_upper']) {
        exit("a $bits-bit signature is not the vector's\n");
    }
    compare("tokenValidate SHA256withRSA, $bits-bit key parsed once", $rounds, ['Ydrz::tokenValidateSign' => $ydrz, 'openssl_sign()' => $hand]);
}
