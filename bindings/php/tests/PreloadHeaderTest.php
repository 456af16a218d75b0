<?php

declare(strict_types=1);

namespace Ydrz\Tests;

use PHPUnit\Framework\TestCase;

/**
 * bin/ydrz-ffi-header names a library that PHP-FPM's master process loads as root: it refuses one that a
 * non-root user could replace (the file or a directory above it not root-owned, or group/world-writable),
 * unless --allow-unsafe-library is given, which prints the header with a warning.
 */
final class PreloadHeaderTest extends TestCase
{
    private string $dir;

    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/ydrz-preload-header-' . bin2hex(random_bytes(4));
        mkdir($this->dir);
    }

    protected function tearDown(): void
    {
        exec('rm -rf ' . escapeshellarg($this->dir));
    }

    /** @return array{int, string, string} exit status, stdout, stderr */
    private static function tool(string ...$args): array
    {
        $command = [PHP_BINARY, dirname(__DIR__) . '/bin/ydrz-ffi-header', ...$args];
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        return [proc_close($process), $out, $err];
    }

    /** A copy of the library in a world-writable (0777, not sticky) directory. */
    private function libraryInSharedDirectory(): string
    {
        $shared = "$this->dir/shared";
        mkdir($shared);
        chmod($shared, 0o777);
        copy((string) getenv('YDRZ_LIBRARY'), "$shared/libydrz.so");
        return "$shared/libydrz.so";
    }

    public function testALibraryOthersCanReplaceIsRefused(): void
    {
        $library = $this->libraryInSharedDirectory();
        [$status, $out, $err] = self::tool($library);
        self::assertSame(2, $status, $err);
        self::assertSame('', $out, 'no header is printed');
        self::assertStringContainsString('refusing to name an unsafe library for ffi.preload', $err);
        self::assertStringContainsString(dirname($library) . ' is writable by its group or by others (mode 0777)', $err);
        self::assertStringContainsString('master process, as root', $err);
        self::assertStringContainsString('--allow-unsafe-library', $err);
    }

    public function testTheOverridePrintsTheHeaderWithAWarning(): void
    {
        $library = $this->libraryInSharedDirectory();
        [$status, $out, $err] = self::tool('--allow-unsafe-library', $library);
        self::assertSame(0, $status, $err);
        self::assertStringContainsString("#define FFI_LIB \"$library\"\n", $out);
        self::assertStringContainsString('WARNING: --allow-unsafe-library', $err);
    }

    public function testAFileOwnedByAnotherUserIsRefused(): void
    {
        if (posix_geteuid() !== 0) {
            self::markTestSkipped('needs root to give the file to another user');
        }
        $library = "$this->dir/libydrz.so";
        copy((string) getenv('YDRZ_LIBRARY'), $library);
        chown($library, 65534);
        [$status, $out, $err] = self::tool($library);
        self::assertSame(2, $status, $err);
        self::assertSame('', $out);
        self::assertStringContainsString("$library is owned by uid 65534, not root", $err);
    }

    public function testARootOwnedLibraryInRootOnlyDirectoriesIsAccepted(): void
    {
        // The library under test, when it and every directory above it belong to root and only root writes them.
        $library = (string) realpath((string) getenv('YDRZ_LIBRARY'));
        for ($p = $library; $p !== '/'; $p = dirname($p)) {
            if (fileowner($p) !== 0 || (fileperms($p) & 0o022) !== 0) {
                self::markTestSkipped("$p is not a root-only path, so this machine has no safe library to name");
            }
        }
        [$status, $out, $err] = self::tool($library);
        self::assertSame(0, $status, $err);
        self::assertSame('', $err);
        self::assertStringStartsWith("#define FFI_SCOPE \"YDRZ\"\n#define FFI_LIB \"$library\"\n", $out);
    }
}
