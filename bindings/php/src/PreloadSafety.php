<?php

declare(strict_types=1);

namespace Ydrz;

/**
 * Whether a library file is safe to name in php.ini's ffi.preload. PHP-FPM processes ffi.preload in its master
 * process, which runs as root: whoever can replace the file, or rename any directory above it, gets code run as
 * root at the next (re)start. So the file and every directory above it must be owned by root and writable by
 * no group and no other user (a library inside vendor/, owned by whoever ran Composer, is not).
 */
final class PreloadSafety
{
    /**
     * Why $file is unsafe for ffi.preload, one reason per offending path (empty when it is safe). A name
     * without a slash (resolved by the dynamic loader in the system's directories) is not checked.
     *
     * @return list<string>
     */
    public static function problems(string $file): array
    {
        if (!str_contains($file, '/')) {
            return [];
        }
        $path = realpath($file);
        if ($path === false) {
            return ["$file does not exist"];
        }
        $problems = [];
        clearstatcache();
        for ($p = $path; ; $p = dirname($p)) {
            $owner = fileowner($p);
            $mode = fileperms($p);
            if ($owner === false || $mode === false) {
                $problems[] = "$p cannot be inspected";
            } else {
                if ($owner !== 0) {
                    $problems[] = "$p is owned by uid $owner, not root";
                }
                if (($mode & 0o022) !== 0) {
                    $problems[] = sprintf('%s is writable by its group or by others (mode %04o)', $p, $mode & 0o7777);
                }
            }
            if ($p === '/') {
                return $problems;
            }
        }
    }
}
