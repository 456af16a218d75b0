<?php

declare(strict_types=1);

namespace Ydrz\Tests;

use PHPUnit\Framework\TestCase;
use Ydrz\Client;
use Ydrz\PrivateKey;
use Ydrz\PublicKey;
use Ydrz\Ydrz;
use Ydrz\YdrzException;

/**
 * The behaviour table tests/data/cases.json: every case's call must end with its status (docs/bindings.md).
 * PHP's mapping: NULL is null, invalid UTF-8 is a string of those bytes, a closed handle is one after close(),
 * and a failure is a YdrzException whose getStatusName() is the table's status (getCode() its number). No case
 * is skipped: each placeholder has a PHP form. A new `call` fails below until it is mapped.
 */
final class CasesTest extends TestCase
{
    /** @return array<string, mixed> */
    private static function table(): array
    {
        return json_decode(
            (string) file_get_contents(Fixtures::repo() . '/tests/data/cases.json'),
            true,
            512,
            JSON_THROW_ON_ERROR,
        );
    }

    /** @return array<string, array{array<string, mixed>}> */
    public static function cases(): array
    {
        $out = [];
        foreach (self::table()['cases'] as $case) {
            $out[$case['name']] = [$case];
        }
        return $out;
    }

    /** @param mixed $arg */
    private static function argument($arg): mixed
    {
        if (!is_array($arg)) {
            return $arg;
        }
        if (isset($arg['null'])) {
            return null;
        }
        if (isset($arg['invalid_utf8_hex'])) {
            return hex2bin($arg['invalid_utf8_hex']);
        }
        if (isset($arg['repeat'])) {
            return str_repeat($arg['repeat'], $arg['times']);
        }
        if (isset($arg['closed'])) {
            $fixtures = self::table()['fixtures'];
            $handle = match ($arg['closed']) {
                'private_key' => new PrivateKey($fixtures['private_key']),
                'public_key' => new PublicKey($fixtures['public_key']),
                'client' => new Client($fixtures['client_config']),
            };
            $handle->close();
            return $handle;
        }
        throw new \LogicException('unknown placeholder ' . json_encode($arg));
    }

    /** @param list<mixed> $a */
    private static function call(string $name, array $a): void
    {
        match ($name) {
            'mask_phone' => Ydrz::maskPhone($a[0]),
            'decrypt_msisdn' => Ydrz::decryptMsisdn($a[0], $a[1]),
            'private_key_load' => (new PrivateKey($a[0]))->close(),
            'public_key_load' => (new PublicKey($a[0]))->close(),
            'private_key_public_spki' => $a[0]->publicSpki(),
            'client_jssdk_params' => $a[0]->jssdkParams(),
            'client_stats' => $a[0]->stats(),
            'client_presign_step' => $a[0]->presignStep($a[1]),
            'client_presign_accept' => $a[0]->presignAccept($a[1], $a[2]),
            'client_new' => (new Client($a[0]))->close(),
            'code_describe' => Ydrz::codeDescribe($a[0], $a[1], $a[2]),
            'jssdk_sign' => Ydrz::jssdkSign($a[0], $a[1], $a[2], $a[3], $a[4], $a[5], $a[6]),
            'key_generate' => Ydrz::generateKeyPair($a[0]),
            default => self::fail("cases.json calls $name, which this runner does not map"),
        };
    }

    /**
     * @dataProvider cases
     * @param array<string, mixed> $case
     */
    public function testCase(array $case): void
    {
        $args = array_map([self::class, 'argument'], $case['args']);
        try {
            self::call($case['call'], $args);
            $got = 'YDRZ_OK';
        } catch (YdrzException $e) {
            $got = $e->getStatusName();
        }
        self::assertSame($case['status'], $got, $case['name']);
    }
}
