<?php

declare(strict_types=1);

namespace Ydrz\Tests;

use PHPUnit\Framework\TestCase;
use Ydrz\Encoding;
use Ydrz\Native;
use Ydrz\SignAlgorithm;
use Ydrz\Status;

/** The FFI declarations are generated from include/ydrz.h, list exactly the functions of the ABI manifest
 * include/ydrz.abi.json (generated with the header from src/ffi) and the library's exports, and the PHP
 * constants and status table match the manifest's. */
final class DeclarationsTest extends TestCase
{
    /** @return list<string> the function names declared in C text */
    private static function functions(string $c): array
    {
        preg_match_all('/\b(ydrz_[a-z0-9_]+)\s*\(/', $c, $m);
        return array_values(array_unique($m[1]));
    }

    /** @return array<string, mixed> */
    private static function manifest(): array
    {
        return json_decode((string) file_get_contents(Fixtures::repo() . '/include/ydrz.abi.json'), true, 512, JSON_THROW_ON_ERROR);
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

    public function testEveryManifestFunctionIsDeclaredAndNothingElse(): void
    {
        $header = array_column(self::manifest()['functions'], 'name');
        $declared = self::functions(Native::declarations());
        sort($header);
        sort($declared);
        self::assertNotEmpty($header);
        self::assertSame($header, $declared);
    }

    /** Every prototype of the FFI declarations is the manifest's: return type, parameter types and names. */
    public function testEveryPrototypeIsTheManifests(): void
    {
        $text = preg_replace('/\s+/', ' ', preg_replace('{/\*.*?\*/}s', '', Native::declarations()));
        $declared = [];
        foreach (explode(';', $text) as $statement) {
            if (preg_match('/\b(ydrz_[a-z0-9_]+)\(/', $statement, $m)) {
                $declared[$m[1]] = str_replace(['( ', ' )'], ['(', ')'], trim($statement));
            }
        }
        $expected = [];
        foreach (self::manifest()['functions'] as $f) {
            $params = array_map(static fn ($p) => self::typed($p['c_type'], $p['name']), $f['params']);
            $expected[$f['name']] = self::typed($f['returns']['c_type'], $f['name'])
                . '(' . ($params === [] ? 'void' : implode(', ', $params)) . ')';
        }
        ksort($declared);
        ksort($expected);
        self::assertSame($expected, $declared);
    }

    /** "const char *" and "name" as C declares them: "const char *name". */
    private static function typed(string $type, string $name): string
    {
        return str_ends_with($type, '*') ? "$type$name" : "$type $name";
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

    public function testConstantsMatchTheManifest(): void
    {
        $manifest = self::manifest();
        $defines = [];
        foreach (array_merge($manifest['statuses'], $manifest['constants']) as $constant) {
            $defines[substr($constant['name'], strlen('YDRZ_'))] = $constant['value'];
        }
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
