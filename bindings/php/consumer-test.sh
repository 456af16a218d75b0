#!/usr/bin/env bash
# Installs dist/ydrz-php-<version>.zip as a user would: a fresh Composer project outside the repository whose
# only repository is an `artifact` repository on dist/ (Packagist off), with no environment variable pointing
# at the build; then signs a vector and validates a token against the sandbox the package carries, started with
# no path given (Ydrz\Testing\Sandbox), under the CLI and under php-cgi with the PHP-FPM preload settings;
# runs vendor/bin/ydrz sandbox from the shell; and checks the package's docs and their links.
# Usage: bindings/php/consumer-test.sh <dist directory>
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dist="$(realpath "$1")"
version="$("$repo/scripts/version.sh")"
[[ -f "$dist/ydrz-php-$version.zip" ]] || { echo "consumer-test.sh: no $dist/ydrz-php-$version.zip: run make dist-php" >&2; exit 1; }

dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
php -r '$v = array_values(array_filter(json_decode(file_get_contents($argv[1]), true)["vectors"], fn ($x) => $x["id"] === "jssdk_md5_sign_bt8"))[0];
    file_put_contents($argv[2], json_encode($v));' "$repo/tests/data/vectors.json" "$dir/vector.json"

cd "$dir"
unset YDRZ_LIBRARY YDRZ_BIN YDRZ_LIB_DIR LD_LIBRARY_PATH
export COMPOSER_HOME="$dir/.composer" COMPOSER_ALLOW_SUPERUSER=1 COMPOSER_NO_INTERACTION=1
# The install commands of bindings/php/README.md.
composer init -n --quiet --name example/consumer --stability stable
composer config repositories.ydrz artifact "$dist"
composer config repositories.packagist.org false
composer require --quiet "ydrz/ydrz:$version"

cat >consumer.php <<'PHP'
<?php
declare(strict_types=1);
require __DIR__ . '/vendor/autoload.php';

use Ydrz\Testing\Sandbox;
use Ydrz\Ydrz;

$v = json_decode(file_get_contents(__DIR__ . '/vector.json'), true);
$i = $v['inputs'];
$sign = Ydrz::jssdkSign($i['appId'], $i['appkey'], $i['traceId'], $i['timestamp']);
if ($sign !== $v['expected_hex_upper']) {
    throw new RuntimeException("sign $sign is not {$v['expected_hex_upper']}");
}
$sandbox = Sandbox::start();
$token = $sandbox->token('onekey', '13800138000');
$phone = $sandbox->client()->onekeyValidate($token['token'], $token['userInformation'])['phone'];
if ($phone !== '13800138000') {
    throw new RuntimeException("validated $phone");
}
$sandbox->stop();
echo PHP_SAPI, ': ydrz ', Ydrz::version(), ' from ', Ydrz::libraryPath(), ': sign ok, validated ', Ydrz::maskPhone($phone), "\n";
PHP
out="$(php consumer.php)"
echo "$out"
[[ "$out" == *"/vendor/ydrz/ydrz/native/linux-"*"/libydrz.so: sign ok"* ]] || { echo "the library did not come from inside the package" >&2; exit 1; }

# The package carries the licence text (Apache-2.0 asks redistributions to include it).
grep -q 'Apache License' vendor/ydrz/ydrz/LICENSE || { echo "the package carries no LICENSE" >&2; exit 1; }

# PHP-FPM style (README): ffi.enable=preload, the scope from ffi.preload, the classes from opcache.preload.
# The master process loads the preloaded library as root, so the header tool refuses the copy in vendor/ (not
# in root-only directories); as the README says, the library is copied to a root-owned directory first.
if php vendor/bin/ydrz-ffi-header >ydrz-ffi.h 2>header.err; then
    echo "ydrz-ffi-header named the library inside vendor/ for ffi.preload" >&2
    exit 1
fi
grep -q 'refusing to name an unsafe library' header.err || { cat header.err >&2; exit 1; }
if [[ "$(id -u)" == 0 ]]; then
    safe="$(mktemp -d -p /var/lib ydrz-consumer.XXXXXX)"
    trap 'rm -rf "$dir" "$safe"' EXIT
    chmod 0755 "$safe"
    install -o root -g root -m 0644 vendor/ydrz/ydrz/native/linux-"$(uname -m)"/libydrz.so "$safe/libydrz.so"
    php vendor/bin/ydrz-ffi-header "$safe/libydrz.so" >ydrz-ffi.h
else
    php vendor/bin/ydrz-ffi-header --allow-unsafe-library >ydrz-ffi.h
fi
out="$(php-cgi -q -d html_errors=0 -d ffi.enable=preload -d ffi.preload="$dir/ydrz-ffi.h" \
    -d opcache.enable=1 -d opcache.preload="$dir/vendor/ydrz/ydrz/preload.php" -d opcache.preload_user="$(id -un)" consumer.php)"
echo "$out"
[[ "$out" == "cgi-fcgi: ydrz $version from preloaded FFI scope YDRZ: sign ok"* ]] || { echo "the preloaded scope was not used" >&2; exit 1; }

# From the shell, as the README says, with no path given; then the docs the package carries, every link inside it.
python3 "$repo/scripts/package/shell_sandbox.py" vendor/bin/ydrz
python3 "$repo/scripts/package/check_doc_links.py" --require examples/quickstart.php vendor/ydrz/ydrz
