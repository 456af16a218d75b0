<?php

// Loads the Ydrz classes without Composer (tests, the preload script, a copy of the package): PSR-4 over src/.
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'Ydrz\\')) {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, 5)) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
