<?php

declare(strict_types=1);

namespace Ydrz\Tests;

use PHPUnit\Framework\TestCase;
use Ydrz\Ydrz;

/** How the library is found and checked; each case runs in a fresh php process. */
final class LoadingTest extends TestCase
{
    /** @param array<string, string> $env replaces YDRZ_LIBRARY and adds variables
     * @return array{int, string, string} exit status, stdout, stderr */
    private static function php(string $code, array $env = [], ?string $package = null): array
    {
        $package ??= dirname(__DIR__);
        $base = getenv();
        unset($base['YDRZ_LIBRARY']);
        $script = 'require ' . var_export("$package/autoload.php", true) . '; ' . $code;
        $process = proc_open([PHP_BINARY, '-d', 'display_errors=stderr', '-r', $script], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env + $base);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        return [proc_close($process), $out, $err];
    }

    public function testTheLoadedLibraryReportsAbi1AndTheCrateVersion(): void
    {
        self::assertSame(1, Ydrz::abiVersion());
        self::assertSame(getenv('YDRZ_LIBRARY'), Ydrz::libraryPath());
        self::assertSame(trim((string) shell_exec(escapeshellarg(Fixtures::repo() . '/scripts/version.sh'))), Ydrz::version());
    }

    public function testTheOverrideIsAuthoritative(): void
    {
        [$status, , $err] = self::php('Ydrz\Ydrz::version();', ['YDRZ_LIBRARY' => '/nonexistent/libydrz.so']);
        self::assertNotSame(0, $status);
        self::assertStringContainsString("cannot load libydrz; tried:\n  - \$YDRZ_LIBRARY: /nonexistent/libydrz.so: no such file\n", $err);
        self::assertStringNotContainsString('inside the package', $err);
    }

    public function testAnExplicitPathWinsOnce(): void
    {
        $library = (string) getenv('YDRZ_LIBRARY');
        [$status, $out, $err] = self::php(
            'echo Ydrz\Native::load(' . var_export($library, true) . '), " ", Ydrz\Ydrz::version(), "\n";'
            . ' try { Ydrz\Native::load("/elsewhere/libydrz.so"); } catch (Ydrz\LibraryLoadException $e) { echo "refused\n"; }',
            ['YDRZ_LIBRARY' => '/nonexistent/libydrz.so'],
        );
        self::assertSame(0, $status, $err);
        self::assertSame("$library " . Ydrz::version() . "\nrefused\n", $out);
    }

    public function testTheLibraryInsideThePackageThenTheLoaderPathAndTheErrorNamesEveryPlace(): void
    {
        $dir = sys_get_temp_dir() . '/ydrz-php-load-' . bin2hex(random_bytes(4));
        $arch = php_uname('m');
        try {
            mkdir("$dir/pkg/native/linux-$arch", 0777, true);
            exec('cp -r ' . escapeshellarg(dirname(__DIR__) . '/src') . ' ' . escapeshellarg("$dir/pkg/src"));
            copy(dirname(__DIR__) . '/autoload.php', "$dir/pkg/autoload.php");
            [$status, , $err] = self::php('Ydrz\Ydrz::version();', [], "$dir/pkg");
            self::assertNotSame(0, $status);
            self::assertMatchesRegularExpression("{inside the package: .*/native/linux-$arch/libydrz.so: no such file}", $err);
            self::assertStringContainsString("the dynamic loader's search path: libydrz.so.1: ", $err);
            self::assertStringContainsString('$YDRZ_LIBRARY: not set', $err);
            mkdir("$dir/system");
            copy((string) getenv('YDRZ_LIBRARY'), "$dir/system/libydrz.so.1");
            [, $out, $err] = self::php('echo Ydrz\Ydrz::libraryPath();', ['LD_LIBRARY_PATH' => "$dir/system"], "$dir/pkg");
            self::assertSame('libydrz.so.1', $out, $err);
            copy((string) getenv('YDRZ_LIBRARY'), "$dir/pkg/native/linux-$arch/libydrz.so");
            [, $out, $err] = self::php('echo Ydrz\Ydrz::libraryPath(), " ", Ydrz\Ydrz::version();', [], "$dir/pkg");
            self::assertStringEndsWith("/native/linux-$arch/libydrz.so " . Ydrz::version(), $out, $err);
        } finally {
            exec('rm -rf ' . escapeshellarg($dir));
        }
    }

    public function testAForeignLibraryAndAnotherAbiVersionAreRefused(): void
    {
        $dir = sys_get_temp_dir() . '/ydrz-php-abi-' . bin2hex(random_bytes(4));
        mkdir($dir);
        try {
            file_put_contents("$dir/fake.c", "unsigned int ydrz_abi_version(void) { return 2; }\n");
            exec('cc -shared -fPIC -o ' . escapeshellarg("$dir/libfake.so") . ' ' . escapeshellarg("$dir/fake.c"), $o, $cc);
            self::assertSame(0, $cc);
            [$status, , $err] = self::php('Ydrz\Ydrz::version();', ['YDRZ_LIBRARY' => "$dir/libfake.so"]);
            self::assertNotSame(0, $status);
            self::assertStringContainsString('has ABI version 2, but this ydrz package was written for ABI version 1', $err);
            file_put_contents("$dir/fake.c", "int other(void) { return 0; }\n");
            exec('cc -shared -fPIC -o ' . escapeshellarg("$dir/libfake.so") . ' ' . escapeshellarg("$dir/fake.c"), $o, $cc);
            [$status, , $err] = self::php('Ydrz\Ydrz::version();', ['YDRZ_LIBRARY' => "$dir/libfake.so"]);
            self::assertNotSame(0, $status);
            self::assertStringContainsString('libfake.so is not libydrz: it does not export ydrz_abi_version', $err);
        } finally {
            exec('rm -rf ' . escapeshellarg($dir));
        }
    }

    public function testATruncatedOrForeignCpuLibraryIsRefusedWithItsReason(): void
    {
        $dir = sys_get_temp_dir() . '/ydrz-php-elf-' . bin2hex(random_bytes(4));
        try {
            exec(escapeshellarg(Fixtures::repo() . '/tests/loading/bad-libraries.sh') . ' '
                . escapeshellarg((string) getenv('YDRZ_LIBRARY')) . ' ' . escapeshellarg($dir) . ' 2>&1', $o, $made);
            self::assertSame(0, $made, implode("\n", $o));
            [$status, , $err] = self::php('Ydrz\Ydrz::version();', ['YDRZ_LIBRARY' => "$dir/truncated.so"]);
            self::assertSame(255, $status, "php died instead of throwing: $err");
            self::assertMatchesRegularExpression(
                '{truncated.so is truncated: it has \d+ bytes, but its loadable segments need \d+ \(an interrupted copy\?\)}',
                $err,
            );
            [, , $err] = self::php('Ydrz\Ydrz::version();', ['YDRZ_LIBRARY' => "$dir/foreign-arch.so"]);
            $other = php_uname('m') === 'x86_64' ? 'aarch64' : 'x86_64';
            self::assertStringContainsString("foreign-arch.so is built for $other, but this machine is " . php_uname('m'), $err);
        } finally {
            exec('rm -rf ' . escapeshellarg($dir));
        }
    }

    public function testWithoutTheFfiExtensionTheErrorNamesIt(): void
    {
        // -n: no php.ini, so the shared FFI extension is not loaded.
        $script = 'require ' . var_export(dirname(__DIR__) . '/autoload.php', true) . '; echo Ydrz\Ydrz::version();';
        $process = proc_open([PHP_BINARY, '-n', '-d', 'display_errors=stderr', '-r', $script], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        self::assertNotSame(0, proc_close($process));
        self::assertSame('', $out);
        self::assertStringContainsString("Ydrz\\LibraryLoadException: the ydrz package needs PHP's FFI extension", $err);
        self::assertStringContainsString('extension=ffi', $err);
        self::assertStringNotContainsString('Class "FFI" not found', $err);
    }
}
