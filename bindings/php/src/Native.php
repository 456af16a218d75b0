<?php

declare(strict_types=1);

namespace Ydrz;

use FFI;
use FFI\CData;

/**
 * Loading libydrz through PHP's FFI, and the calling convention of its C ABI, in one place.
 *
 * The declarations come from src/ydrz_ffi.h, generated from include/ydrz.h by gen-cdef.sh (shipped in the
 * Composer package). The library is, in order: the FFI scope "YDRZ" when php.ini preloads it (ffi.preload
 * with the header of preloadHeader(), for PHP-FPM under ffi.enable=preload); the path given to load();
 * the environment variable YDRZ_LIBRARY; the library inside this package for the machine
 * (native/linux-x86_64 or native/linux-aarch64); then the loader's search path (SONAME libydrz.so.1). Its
 * ABI version must be ABI_VERSION.
 *
 * Calls: text goes in as PHP strings (bytes; null is NULL, which the library answers with
 * YDRZ_E_NULL_ARG for a required argument); a string holding NUL is refused before the call, since C would
 * cut it there. Out::Str / Out::I32 placeholders become output slots whose values call() returns, freeing
 * every returned string; a failed status throws YdrzException built from the error object, then freed.
 */
final class Native
{
    public const ABI_VERSION = 1;
    public const LIBRARY_ENV = 'YDRZ_LIBRARY';
    /** The FFI scope name of the preloaded declarations. */
    public const SCOPE = 'YDRZ';
    private const SONAME = 'libydrz.so.1';
    /** ELF e_machine of each CPU the library is built for, by php_uname('m'). */
    private const ELF_MACHINES = ['x86_64' => 62, 'aarch64' => 183];
    private const ELF_MACHINE_NAMES = [62 => 'x86_64', 183 => 'aarch64', 3 => 'i386', 40 => 'arm'];

    private static ?FFI $ffi = null;
    private static ?string $path = null;

    /** The generated declarations (C text without preprocessor lines). */
    public static function declarations(): string
    {
        $file = __DIR__ . '/ydrz_ffi.h';
        if (!is_file($file)) {
            throw new LibraryLoadException("$file is missing: generate it with bindings/php/gen-cdef.sh");
        }
        return (string) file_get_contents($file);
    }

    /**
     * Loads libydrz from $path (or by the search above) unless it is loaded already, and returns what was
     * loaded. A second call with another path throws: one process keeps one library.
     */
    public static function load(?string $path = null): string
    {
        self::requireFfi();
        if (self::$ffi !== null) {
            if ($path !== null && $path !== self::$path) {
                throw new LibraryLoadException('libydrz is already loaded from ' . self::$path);
            }
            return (string) self::$path;
        }
        try {
            $scope = FFI::scope(self::SCOPE);
        } catch (FFI\Exception) {
            $scope = null;
        }
        if ($scope !== null && $path === null) {
            self::check($scope, 'the preloaded FFI scope ' . self::SCOPE);
            [self::$ffi, self::$path] = [$scope, 'preloaded FFI scope ' . self::SCOPE];
            return self::$path;
        }
        [$ffi, $opened] = self::openFirst($path, self::declarations());
        [self::$ffi, self::$path] = [$ffi, $opened];
        return $opened;
    }

    /** Throws a LibraryLoadException naming the extension to install when PHP lacks FFI. */
    private static function requireFfi(): void
    {
        if (!extension_loaded('FFI')) {
            throw new LibraryLoadException(
                'the ydrz package needs PHP\'s FFI extension, which this PHP (' . PHP_VERSION . ', ' . PHP_SAPI
                . ') has not loaded: install it (Debian/Ubuntu: php' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION
                . '-common ships ffi.so; RHEL/Fedora: php-ffi; Alpine: php' . PHP_MAJOR_VERSION . PHP_MINOR_VERSION
                . '-ffi; Docker php images: docker-php-ext-install ffi) and enable it with extension=ffi in php.ini',
            );
        }
    }

    /**
     * Throws LibraryLoadException unless $file is a 64-bit little-endian ELF file for this CPU that holds all of
     * its loadable segments: a truncated copy would be mapped and kill the process with SIGBUS on first use, and
     * the loader reports a library of another CPU as a missing file.
     */
    public static function checkElf(string $file): void
    {
        $handle = @fopen($file, 'rb');
        if ($handle === false) {
            throw new LibraryLoadException("$file cannot be opened for reading");
        }
        try {
            $size = fstat($handle)['size'];
            $header = (string) fread($handle, 64);
            if (!str_starts_with($header, "\x7fELF")) {
                throw new LibraryLoadException("$file is not a shared library (no ELF header)");
            }
            if (strlen($header) < 64 || ord($header[4]) !== 2 || ord($header[5]) !== 1) {
                throw new LibraryLoadException("$file is not a 64-bit little-endian ELF file");
            }
            $machine = unpack('v', $header, 18)[1];
            $expected = self::ELF_MACHINES[php_uname('m')] ?? $machine;
            if ($machine !== $expected) {
                $built = self::ELF_MACHINE_NAMES[$machine] ?? "ELF machine $machine";
                throw new LibraryLoadException("$file is built for $built, but this machine is " . php_uname('m'));
            }
            $phoff = unpack('P', $header, 32)[1];
            ['e' => $phentsize, 'n' => $phnum] = unpack('ve/vn', $header, 54);
            $table = '';
            if ($phentsize >= 56 && $phnum > 0 && fseek($handle, $phoff) === 0) {
                $table = (string) fread($handle, $phentsize * $phnum);
            }
            if ($phentsize < 56 || strlen($table) < $phentsize * $phnum) {
                throw new LibraryLoadException("$file is truncated ($size bytes): its program headers are cut off");
            }
            for ($i = 0; $i < $phnum; $i++) {
                $entry = unpack('Vtype/Vflags/Poffset/Pvaddr/Ppaddr/Pfilesz', $table, $i * $phentsize);
                $end = $entry['offset'] + $entry['filesz'];
                if ($entry['type'] === 1 && $end > $size) {
                    throw new LibraryLoadException(
                        "$file is truncated: it has $size bytes, but its loadable segments need $end (an interrupted"
                        . ' copy?); copy or reinstall the library again',
                    );
                }
            }
        } finally {
            fclose($handle);
        }
    }

    /**
     * The declarations as a header for php.ini's ffi.preload: FFI_SCOPE "YDRZ" and FFI_LIB set to the library
     * load() would pick now (or $path), absolute. Under PHP-FPM, where FFI is by default allowed only in
     * preloaded code and FFI::load() cannot be combined with opcache.preload_user, ffi.preload declares the
     * scope and preload.php compiles the Ydrz classes that use it (see the README).
     */
    public static function preloadHeader(?string $path = null): string
    {
        $library = self::preloadLibrary($path);
        return sprintf("#define FFI_SCOPE \"%s\"\n#define FFI_LIB \"%s\"\n%s", self::SCOPE, $library, self::declarations());
    }

    /** The library preloadHeader() names: $path or the first candidate found, absolute (or a loader name). */
    public static function preloadLibrary(?string $path = null): string
    {
        $library = null;
        foreach (self::candidates($path) as [, $name]) {
            if (!str_contains($name, '/') || is_file($name)) {
                $library = str_contains($name, '/') ? realpath($name) : $name;
                break;
            }
        }
        if ($library === null) {
            throw self::notLoaded(array_map(static fn ($c) => "  - {$c[0]}: {$c[1]}: no such file", self::candidates($path)));
        }
        return $library;
    }

    /** The declared functions of the loaded library (loading it on first use). */
    public static function ffi(): FFI
    {
        if (self::$ffi === null) {
            self::load();
        }
        return self::$ffi;
    }

    /** What was loaded: a file path, a name the loader resolved, or the preloaded scope. */
    public static function path(): string
    {
        return self::load();
    }

    /** @return list<array{string, string}> the (description, path-or-name) pairs to try, in order */
    private static function candidates(?string $explicit): array
    {
        if ($explicit !== null) {
            return [['Native::load()', $explicit]];
        }
        $override = getenv(self::LIBRARY_ENV);
        if (is_string($override) && $override !== '') {
            return [['$' . self::LIBRARY_ENV, $override]];
        }
        $found = [];
        $arch = php_uname('m');
        if (PHP_OS_FAMILY === 'Linux' && in_array($arch, ['x86_64', 'aarch64'], true)) {
            $found[] = ['inside the package', dirname(__DIR__) . "/native/linux-$arch/libydrz.so"];
        }
        $found[] = ["the dynamic loader's search path", self::SONAME];
        return $found;
    }

    /**
     * Opens the first candidate that loads. A file that opens but is not libydrz of ABI_VERSION is refused at
     * once (checked with a one-function declaration first, since FFI::cdef fails on any missing symbol).
     *
     * @return array{FFI, string}
     */
    private static function openFirst(?string $explicit, string $declarations): array
    {
        $tried = [];
        foreach (self::candidates($explicit) as [$where, $name]) {
            if (str_contains($name, '/') && !is_file($name)) {
                $tried[] = "  - $where: $name: no such file";
                continue;
            }
            try {
                if (str_contains($name, '/')) {
                    self::checkElf($name);
                }
            } catch (LibraryLoadException $e) {
                $tried[] = "  - $where: " . $e->getMessage();
                continue;
            }
            try {
                $probe = FFI::cdef('uint32_t ydrz_abi_version(void);', $name);
            } catch (FFI\Exception $e) {
                if (str_starts_with($e->getMessage(), 'Failed resolving')) {
                    throw new LibraryLoadException("$name is not libydrz: it does not export ydrz_abi_version");
                }
                $tried[] = "  - $where: $name: " . $e->getMessage();
                continue;
            }
            self::check($probe, $name);
            try {
                return [FFI::cdef($declarations, $name), $name];
            } catch (FFI\Exception $e) {
                throw new LibraryLoadException("$name (ABI " . self::ABI_VERSION . ') lacks a function: ' . $e->getMessage());
            }
        }
        if ($explicit === null && !getenv(self::LIBRARY_ENV)) {
            $tried[] = '  - $' . self::LIBRARY_ENV . ': not set';
        }
        throw self::notLoaded($tried);
    }

    /** @param list<string> $tried */
    private static function notLoaded(array $tried): LibraryLoadException
    {
        return new LibraryLoadException(
            "cannot load libydrz; tried:\n" . implode("\n", $tried) . "\nSet " . self::LIBRARY_ENV
            . ' to the libydrz.so to use, call Ydrz\Native::load($path) first, or install the library on the'
            . ' loader path.',
        );
    }

    private static function check(FFI $ffi, string $where): void
    {
        $found = $ffi->ydrz_abi_version();
        if ($found !== self::ABI_VERSION) {
            throw new LibraryLoadException(
                "$where has ABI version $found, but this ydrz package was written for ABI version "
                . self::ABI_VERSION,
            );
        }
    }

    /** Checks a text argument for a `const char *` parameter. */
    public static function text(?string $value, string $name): ?string
    {
        if ($value !== null && str_contains($value, "\0")) {
            throw YdrzException::invalidArgument("$name contains a NUL character");
        }
        return $value;
    }

    /** Checks an integer for an `int32_t` (or, $unsigned, `uint32_t`) parameter, which FFI would truncate. */
    public static function integer(int $value, string $name, bool $unsigned = false): int
    {
        [$low, $high] = $unsigned ? [0, 0xFFFFFFFF] : [-0x80000000, 0x7FFFFFFF];
        if ($value < $low || $value > $high) {
            throw YdrzException::invalidArgument("$name $value is out of range");
        }
        return $value;
    }

    /** Builds the exception for a failed call from its error object (maybe NULL) and frees the object. */
    private static function errorFrom(int $status, CData $err): YdrzException
    {
        $ffi = self::ffi();
        $reason = '(the library returned no error object)';
        $platformCode = null;
        if (!FFI::isNull($err)) {
            try {
                $reason = $ffi->ydrz_error_message($err);
                $platformCode = $ffi->ydrz_error_platform_code($err);
            } finally {
                $ffi->ydrz_error_free($err);
            }
        }
        return new YdrzException($status, $ffi->ydrz_status_name($status), $platformCode, $reason);
    }

    /**
     * Calls `$function(...$args, &err)` with Out placeholders replaced by output slots; returns the outputs in
     * order (string|null for Out::Str, int for Out::I32) or throws YdrzException.
     *
     * @return list<string|int|null>
     */
    public static function call(string $function, mixed ...$args): array
    {
        $ffi = self::ffi();
        $slots = [];
        $callArgs = [];
        foreach ($args as $arg) {
            if ($arg instanceof Out) {
                $slot = $ffi->new($arg === Out::Str ? 'char *' : 'int32_t');
                $slots[] = [$arg, $slot];
                $callArgs[] = FFI::addr($slot);
            } else {
                $callArgs[] = $arg;
            }
        }
        $err = $ffi->new('ydrz_error *');
        $callArgs[] = FFI::addr($err);
        try {
            $status = $ffi->$function(...$callArgs);
            if ($status !== Status::OK || !FFI::isNull($err)) {
                throw self::errorFrom($status, $err);
            }
            return array_map(
                static fn (array $s): string|int|null => $s[0] === Out::I32
                    ? $s[1]->cdata
                    : (FFI::isNull($s[1]) ? null : FFI::string($s[1])),
                $slots,
            );
        } finally {
            foreach ($slots as [$kind, $slot]) {
                if ($kind === Out::Str && !FFI::isNull($slot)) {
                    $ffi->ydrz_string_free($slot);
                }
            }
        }
    }

    /** Calls a *_new / *_load function as `$function(...$args, &out, &err)` and returns the new handle. */
    public static function create(string $function, string $type, mixed ...$args): CData
    {
        $ffi = self::ffi();
        $out = $ffi->new("$type *");
        $err = $ffi->new('ydrz_error *');
        $status = $ffi->$function(...[...$args, FFI::addr($out), FFI::addr($err)]);
        if ($status !== Status::OK || FFI::isNull($out)) {
            throw self::errorFrom($status, $err);
        }
        return $out;
    }
}
