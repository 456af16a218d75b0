<?php

declare(strict_types=1);

namespace Ydrz\Tests;

use PHPUnit\Framework\TestCase;

/**
 * Under php-cgi (and PHP-FPM) with ffi.enable=1 instead of the preload, every request loads the library with
 * FFI::cdef and unloads it at the end. The library is linked NODELETE, so it stays mapped and registers
 * AWS-LC's per-thread key once: without that, each request leaks one thread key and the worker aborts once
 * the process runs out of them (PTHREAD_KEYS_MAX, 1024). php-cgi -T runs 1,100 requests in one process.
 */
final class UnloadTest extends TestCase
{
    private const REQUESTS = 1100;

    public function testElevenHundredRequestsThatLoadSignAndUnloadAllSucceed(): void
    {
        $vector = array_values(array_filter(
            Fixtures::vectors()['vectors'],
            static fn ($v) => str_starts_with($v['id'], 'preSign_MD5withRSA'),
        ))[0];
        $script = tempnam(sys_get_temp_dir(), 'ydrz-unload-') . '.php';
        file_put_contents($script, sprintf(
            <<<'PHP'
                <?php
                require %s;
                $key = new Ydrz\PrivateKey(%s);
                echo Ydrz\Ydrz::presignSign($key, %s), "\n";
                PHP,
            var_export(dirname(__DIR__) . '/autoload.php', true),
            var_export(Fixtures::vectors()['keys'][$vector['key']]['private_pkcs8_der_base64'], true),
            var_export($vector['string_to_sign'], true),
        ));
        $ext = ini_get('extension_dir');
        $args = ['php-cgi', '-q', '-n', '-d', "extension_dir=$ext", '-d', 'extension=ffi', '-d', 'ffi.enable=1',
            '-d', 'display_errors=stderr', '-T', (string) self::REQUESTS, $script];
        try {
            $process = proc_open($args, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
            $out = (string) stream_get_contents($pipes[1]);
            $err = (string) stream_get_contents($pipes[2]);
            $status = proc_close($process);
        } finally {
            unlink($script);
        }
        $lines = explode("\n", rtrim($out, "\n"));
        self::assertSame(0, $status, "php-cgi failed after " . count($lines) . " requests: $err");
        self::assertSame(array_fill(0, self::REQUESTS, $vector['expected_base64']), $lines, $err);
    }
}
