<?php

// Test environment: YDRZ_LIBRARY (the library under test; test.sh sets it) and YDRZ_BIN (the ydrz
// executable that serves the sandbox; default <repo>/target/release/ydrz).
declare(strict_types=1);

require __DIR__ . '/../autoload.php';
require __DIR__ . '/Fixtures.php';
require __DIR__ . '/SandboxTestCase.php';
