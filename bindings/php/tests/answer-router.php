<?php

// Router for `php -S` in the PSR-18 tests: answers every request as $YDRZ_TEST_ANSWER says ("redirect:<url>" or
// "oversized") and appends one line per request to $YDRZ_TEST_ANSWER_LOG.
file_put_contents(getenv('YDRZ_TEST_ANSWER_LOG'), $_SERVER['REQUEST_METHOD'] . ' ' . $_SERVER['REQUEST_URI'] . "\n", FILE_APPEND);
$answer = getenv('YDRZ_TEST_ANSWER');
if (str_starts_with($answer, 'redirect:')) {
    header('Location: ' . substr($answer, strlen('redirect:')), true, 307);
    return true;
}
header('Content-Type: application/json');
echo '{"pad":"' . str_repeat('x', 2 << 20) . '"}';
return true;
