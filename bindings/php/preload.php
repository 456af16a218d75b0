<?php

// An opcache.preload script for PHP-FPM (or any server SAPI), where FFI is by default allowed only in
// preloaded code (ffi.enable=preload): it compiles the Ydrz classes into the preloaded set, so that they may
// use the FFI scope "YDRZ" that ffi.preload declares. In php.ini (see the README):
//
//   ffi.enable=preload
//   ffi.preload=/etc/php/ydrz-ffi.h        ; written by: php vendor/ydrz/ydrz/bin/ydrz-ffi-header
//   opcache.enable=1
//   opcache.preload=/path/to/vendor/ydrz/ydrz/preload.php
//   opcache.preload_user=www-data
declare(strict_types=1);

foreach (['Status', 'Encoding', 'SignAlgorithm', 'Out', 'YdrzException', 'LibraryLoadException', 'Native', 'Handle',
    'PrivateKey', 'PublicKey', 'Client', 'Ydrz'] as $class) {
    opcache_compile_file(__DIR__ . "/src/$class.php");
}
