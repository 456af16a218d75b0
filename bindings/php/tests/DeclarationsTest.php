<?php

declare(strict_types=1);

namespace Ydrz\Tests;

use PHPUnit\Framework\TestCase;
use Ydrz\Encoding;
use Ydrz\Native;
use Ydrz\SignAlgorithm;
use Ydrz\Status;

/** The FFI declarations are generated from include/ydrz.h, match the library's exports, and the PHP
 * constants match the header's. */
final class DeclarationsTest extends TestCase
{
    /** @return list<string> the function names declared in C text */
    private static function functions(string $c): array
    {
        preg_match_all('/\b(ydrz_[a-z0-9_]+)\s*\(/', $c, $m);
        return array_values(array_unique($m[1]));
    }

    private static function header(): string
    {
        return (string) file_get_contents(Fixtures::repo() . '/include/ydrz.h');
    }

    public function testTheDeclarationsAreWhatGenCdefMakesFromTheHeaderNow(): void
    {
        $fresh = tempnam(sys_get_temp_dir(), 'ydrz-cdef-');
        try {
            exec(escapeshellarg(dirname(__DIR__) . '/gen-cdef.sh') . ' ' . escapeshellarg($fresh), $output, $status);
            self::assertSame(0, $status);
            self::assertSame(file_get_contents($fresh), Native::declarations());
        } finally {
            unlink($fresh);
        }
        self::assertStringNotContainsString('#', preg_replace('{/\*.*?\*/}s', '', Native::declarations()));
    }

    public function testEveryHeaderFunctionIsDeclaredExceptTheTestOnlyPanic(): void
    {
        $header = self::functions(preg_replace('/#if defined\(YDRZ_FFI_TESTING\).*?#endif/s', '', self::header()));
        $declared = self::functions(Native::declarations());
        sort($header);
        sort($declared);
        self::assertCount(43, $declared);
        self::assertSame($header, $declared);
    }

    public function testTheLibraryExportsExactlyTheDeclaredFunctions(): void
    {
        exec('nm -D --defined-only ' . escapeshellarg((string) getenv('YDRZ_LIBRARY')), $lines, $status);
        self::assertSame(0, $status);
        $exported = array_values(array_filter(
            array_map(static fn ($l) => preg_split('/\s+/', trim($l))[2] ?? '', $lines),
            static fn ($n) => str_starts_with($n, 'ydrz_') && $n !== 'ydrz_test_panic',
        ));
        $declared = self::functions(Native::declarations());
        sort($exported);
        sort($declared);
        self::assertSame($declared, $exported);
    }

    public function testConstantsMatchTheHeader(): void
    {
        preg_match_all('/#define YDRZ_([A-Z0-9_]+) (\d+)/', self::header(), $m);
        $defines = array_map('intval', array_combine($m[1], $m[2]));
        $statuses = (new \ReflectionClass(Status::class))->getConstants();
        foreach ($statuses as $name => $value) {
            self::assertSame($defines[$name], $value, $name);
        }
        $headerStatuses = array_filter(array_keys($defines), static fn ($n) => $n === 'OK' || str_starts_with($n, 'E_'));
        self::assertEqualsCanonicalizing(array_values($headerStatuses), array_keys($statuses));
        foreach ((new \ReflectionClass(Encoding::class))->getConstants() as $name => $value) {
            self::assertSame($defines["ENCODING_$name"], $value, $name);
        }
        foreach ((new \ReflectionClass(SignAlgorithm::class))->getConstants() as $name => $value) {
            self::assertSame($defines["SIGN_$name"], $value, $name);
        }
        self::assertSame($defines['ABI_VERSION'], Native::ABI_VERSION);
    }
}
