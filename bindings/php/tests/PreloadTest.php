<?php

declare(strict_types=1);

namespace Ydrz\Tests;

/**
 * Running as under PHP-FPM: ffi.enable=preload (PHP's default), where only preloaded code may use FFI. The
 * header from bin/ydrz-ffi-header goes to ffi.preload, preload.php to opcache.preload. Checked under the CLI
 * (where FFI is always allowed, so a proxy) and under php-cgi, a server SAPI with FPM's restriction: there,
 * the same script without the preload fails, which shows the restriction is real.
 */
final class PreloadTest extends SandboxTestCase
{
    private static string $header;

    /** The root-owned directory holding the copy of the library that root's preload names (null: not root). */
    private static ?string $rootCopy = null;

    public static function setUpBeforeClass(): void
    {
        parent::setUpBeforeClass();
        self::$header = tempnam(sys_get_temp_dir(), 'ydrz-ffi-preload-');
        exec(PHP_BINARY . ' ' . escapeshellarg(dirname(__DIR__) . '/bin/ydrz-ffi-header') . ' ' . self::libraryArgument()
            . ' > ' . escapeshellarg(self::$header), $o, $status);
        self::assertSame(0, $status);
    }

    /**
     * What the header tool is given, wherever the checkout lies: the tool refuses a library below a directory
     * others may write (PreloadHeaderTest checks that), so as root the library is first copied to a root-owned
     * directory, as the README tells FPM users to; any other user cannot make one and names the checkout's
     * library with --allow-unsafe-library.
     */
    private static function libraryArgument(): string
    {
        if (posix_geteuid() !== 0) {
            return '--allow-unsafe-library';
        }
        self::$rootCopy = '/var/lib/ydrz-preload-test-' . getmypid();
        self::assertTrue(mkdir(self::$rootCopy, 0755) && chmod(self::$rootCopy, 0755));
        $copy = self::$rootCopy . '/libydrz.so';
        self::assertTrue(copy(\Ydrz\Native::preloadLibrary(), $copy) && chmod($copy, 0644));
        return escapeshellarg($copy);
    }

    public static function tearDownAfterClass(): void
    {
        unlink(self::$header);
        if (self::$rootCopy !== null) {
            unlink(self::$rootCopy . '/libydrz.so');
            rmdir(self::$rootCopy);
        }
        parent::tearDownAfterClass();
    }

    /** A request script: signs the jssdk vector and validates a sandbox token, printing both and where the
     * library came from. It loads no autoloader: the classes come from the preload. */
    private static function requestScript(): string
    {
        $file = tempnam(sys_get_temp_dir(), 'ydrz-request-') . '.php';
        file_put_contents($file, <<<'PHP'
            <?php
            $in = json_decode(getenv('YDRZ_REQUEST'), true);
            if ($in['autoload'] !== null) {
                require $in['autoload'];
            }
            $v = $in['vector'];
            echo Ydrz\Ydrz::libraryPath(), "\n";
            echo Ydrz\Ydrz::jssdkSign($v['appId'], $v['appkey'], $v['traceId'], $v['timestamp'], $v['version'], $v['businessType']), "\n";
            $client = new Ydrz\Client($in['config']);
            echo $client->onekeyValidate($in['token']['token'], $in['token']['userInformation'])['phone'], "\n";
            PHP);
        return $file;
    }

    /** @param list<string> $ini @return array{int, string, string} */
    private function runPhp(string $binary, array $ini, bool $autoload): array
    {
        $vector = array_values(array_filter(Fixtures::vectors()['vectors'], static fn ($v) => $v['id'] === 'jssdk_md5_sign_bt8'))[0];
        $request = [
            'autoload' => $autoload ? dirname(__DIR__) . '/autoload.php' : null,
            'vector' => $vector['inputs'],
            'config' => self::$sandbox->clientConfig,
            'token' => self::$sandbox->token('onekey', '13800138000'),
        ];
        $env = getenv();
        $env['YDRZ_REQUEST'] = json_encode($request);
        $script = self::requestScript();
        $args = [$binary, ...($binary === 'php-cgi' ? ['-q'] : []), '-n', ...array_merge(...array_map(static fn ($i) => ['-d', $i], $ini)), $script];
        try {
            $process = proc_open($args, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
            $out = (string) stream_get_contents($pipes[1]);
            $err = (string) stream_get_contents($pipes[2]);
            $status = proc_close($process);
        } finally {
            unlink($script);
        }
        return [$status, $out . $err, $vector['expected_hex_upper']];
    }

    /** The php.ini of a server using the preload, as settings (-n: nothing else is read). */
    private static function preloadIni(): array
    {
        $ext = ini_get('extension_dir');
        return [
            "extension_dir=$ext",
            'extension=ffi',
            'zend_extension=opcache',
            'ffi.enable=preload',
            'html_errors=0',
            'ffi.preload=' . self::$header,
            'opcache.enable=1',
            'opcache.enable_cli=1',
            'opcache.preload=' . dirname(__DIR__) . '/preload.php',
            'opcache.preload_user=' . posix_getpwuid(posix_geteuid())['name'],
        ];
    }

    /** @return array<string, array{string}> */
    public static function sapis(): array
    {
        return ['cli' => [PHP_BINARY], 'cgi' => ['php-cgi']];
    }

    /** @dataProvider sapis */
    public function testTheLibraryComesFromThePreloadedScope(string $binary): void
    {
        [$status, $out, $expected] = $this->runPhp($binary, self::preloadIni(), autoload: false);
        self::assertSame(0, $status, $out);
        self::assertSame("preloaded FFI scope YDRZ\n$expected\n13800138000\n", $out);
    }

    public function testWithoutThePreloadAServerSapiRefusesFfi(): void
    {
        $ini = array_filter(self::preloadIni(), static fn ($i) => !str_starts_with($i, 'opcache.preload') && !str_starts_with($i, 'ffi.preload'));
        [$status, $out] = $this->runPhp('php-cgi', array_values($ini), autoload: true);
        self::assertNotSame(0, $status);
        self::assertStringContainsString('FFI API is restricted by "ffi.enable" configuration directive', $out);
    }
}
