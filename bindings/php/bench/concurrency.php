<?php

// Concurrency benchmark entry point (issue 15, item 8):
//
//   php bindings/php/bench/concurrency.php SANDBOX_INFO_JSON N [ydrz|baseline [DELAY_MS]]
//   php bindings/php/bench/concurrency.php --info SANDBOX_INFO_JSON --n 100,500 --rounds 3 --delay-ms 200
//
// SANDBOX_INFO_JSON is a file holding the info line `ydrz sandbox` prints (base_url, control_url, apps,
// client_config). Runs N one-click validations at once the usual PHP-async way, Guzzle promises over curl_multi
// sending each exchange's request (variant "ydrz"), and, as the baseline, the same N POSTs with Guzzle alone
// (variant "baseline"). Each variant runs in its own process (so peak RSS is its own) and prints one line:
// {"binding":"php","variant":...,"n":N,"seconds":...,"peak_threads":...,"peak_rss_kb":...}
// Needs YDRZ_LIBRARY (or an installed library), Debian's php-guzzlehttp-guzzle and php-curl.
declare(strict_types=1);

require __DIR__ . '/../autoload.php';
require 'GuzzleHttp/autoload.php';

use GuzzleHttp\Client as Guzzle;
use GuzzleHttp\Promise\Utils;
use GuzzleHttp\Psr7\Request as PsrRequest;

if (($argv[1] ?? null) === '--info') {
    exit(driverProtocol(array_slice($argv, 1)));
}

/**
 * The protocol of `make bench-concurrency` (benches/concurrency/run.py): `--info FILE --n 100,500 --rounds R
 * --delay-ms D`. Per N and variant: one warm-up run, then R runs (each its own process, as below); prints the
 * median run's line, with the peaks of all R runs.
 */
function driverProtocol(array $args): int
{
    $options = [];
    for ($i = 0; $i + 1 < count($args); $i += 2) {
        $options[ltrim($args[$i], '-')] = $args[$i + 1];
    }
    $rounds = max(1, (int) ($options['rounds'] ?? 3));
    foreach (explode(',', $options['n'] ?? '') as $n) {
        foreach (['ydrz', 'baseline'] as $variant) {
            $runs = [];
            for ($round = 0; $round <= $rounds; $round++) {
                $command = escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg(__FILE__) . ' '
                    . escapeshellarg($options['info'] ?? '') . ' ' . (int) $n . ' ' . $variant . ' '
                    . (int) ($options['delay-ms'] ?? 0);
                exec($command, $output, $rc);
                if ($rc !== 0) {
                    return $rc;
                }
                $line = json_decode((string) end($output), true, flags: JSON_THROW_ON_ERROR);
                $output = [];
                if ($round > 0) { // round 0 is the warm-up
                    $runs[] = $line;
                }
            }
            usort($runs, static fn (array $a, array $b): int => $a['seconds'] <=> $b['seconds']);
            $median = $runs[intdiv(count($runs), 2)];
            $median['peak_threads'] = max(array_column($runs, 'peak_threads'));
            $median['peak_rss_kb'] = max(array_column($runs, 'peak_rss_kb'));
            echo json_encode($median), "\n";
        }
    }
    return 0;
}

[$infoFile, $n] = [$argv[1] ?? null, (int) ($argv[2] ?? 0)];
if ($infoFile === null || $n < 1) {
    fwrite(STDERR, "usage: concurrency.php SANDBOX_INFO_JSON N [ydrz|baseline]\n");
    exit(2);
}
$variant = $argv[3] ?? null;
$delayMs = (int) ($argv[4] ?? 0); // an answer delay queued in the sandbox for each of the N requests
if ($variant === null) {
    foreach (['ydrz', 'baseline'] as $v) {
        passthru(escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg(__FILE__) . ' ' . escapeshellarg($infoFile) . " $n $v", $rc);
        if ($rc !== 0) {
            exit($rc);
        }
    }
    exit(0);
}

$info = json_decode(trim(file_get_contents($infoFile)), true, flags: JSON_THROW_ON_ERROR);
$appId = array_values(array_filter($info['apps'], static fn (array $a): bool => $a['name'] === 'demo'))[0]['app_id'];

/** @return array{int, int} Threads and VmHWM (kB) of this process */
function processStatus(): array
{
    preg_match('/^Threads:\s+(\d+)/m', $status = file_get_contents('/proc/self/status'), $t);
    preg_match('/^VmHWM:\s+(\d+)/m', $status, $r);
    return [(int) $t[1], (int) $r[1]];
}

$control = new Guzzle(['base_uri' => $info['control_url'] . '/', 'timeout' => 30]);
$tokens = [];
for ($i = 0; $i < $n; $i++) {
    $tokens[] = json_decode((string) $control->post('token', ['json' => [
        'app_id' => $appId, 'phone' => '13800138000', 'product' => 'onekey',
    ]])->getBody(), true, flags: JSON_THROW_ON_ERROR);
}

if ($delayMs > 0) {
    $control->post('faults', ['json' => ['kind' => 'delay', 'delay_ms' => $delayMs, 'count' => $n]]);
}

$client = new Ydrz\Client($info['client_config']);
$http = new Guzzle(['allow_redirects' => false, 'http_errors' => false]);
$peakThreads = processStatus()[0];
$sample = static function () use (&$peakThreads): void {
    $peakThreads = max($peakThreads, processStatus()[0]);
};

/** Begins $token's validation: the exchange and its request as a PSR-7 request. */
$begin = static function (array $token) use ($client): array {
    $exchange = $client->onekeyBegin($token['token'], $token['userInformation']);
    $r = $exchange->request();
    $headers = [];
    foreach ($r->headers as [$name, $value]) {
        $headers[$name][] = $value;
    }
    return [$exchange, new PsrRequest($r->method, $r->url, $headers, $r->body), $r->timeoutMs / 1000];
};
// The baseline is Guzzle alone: its requests (the same ones) are built before the clock starts.
$prepared = $variant === 'baseline' ? array_map($begin, $tokens) : [];

$started = hrtime(true);
$promises = [];
foreach ($tokens as $i => $token) {
    [$exchange, $request, $timeout] = $variant === 'ydrz' ? $begin($token) : $prepared[$i];
    $promise = $http->sendAsync($request, ['timeout' => $timeout]);
    $promises[] = $variant === 'ydrz'
        ? $promise->then(static function ($response) use ($exchange, $sample) {
            $sample();
            return $exchange->finish($response->getStatusCode(), (string) $response->getBody());
        })
        : $promise->then(static function ($response) use ($sample) {
            $sample();
            if ($response->getStatusCode() !== 200) {
                throw new RuntimeException('HTTP ' . $response->getStatusCode());
            }
            return $response;
        });
}
Utils::unwrap($promises);
$seconds = (hrtime(true) - $started) / 1e9;
$sample();
echo json_encode([
    'binding' => 'php',
    'variant' => $variant,
    'n' => $n,
    'seconds' => round($seconds, 4),
    'peak_threads' => $peakThreads,
    'peak_rss_kb' => processStatus()[1],
]), "\n";
