<?php

declare(strict_types=1);

namespace Ydrz\Tests;

use PHPUnit\Framework\TestCase;
use Ydrz\Encoding;
use Ydrz\SignAlgorithm;
use Ydrz\Ydrz;

/** Every vector of tests/data/vectors.json, through the PHP API. */
final class VectorsTest extends TestCase
{
    private const ENCODED_FIELDS = [
        'expected_hex_upper' => Encoding::HEX_UPPER,
        'expected_hex_lower' => Encoding::HEX_LOWER,
        'expected_base64' => Encoding::BASE64,
    ];
    private const OTHER_PREFIXES = [
        'jssdk_md5_sign',
        'phoneNum_rsa',
        'encryptedDataOnJava',
        'h5_msisdn',
        'app_msisdn',
        'app_loginTokenValidate_md5',
        'app_tokenValidate_keyType0',
    ];

    /** @return list<array<string, mixed>> */
    private static function byPrefix(string ...$prefixes): array
    {
        $found = array_values(array_filter(
            Fixtures::vectors()['vectors'],
            static fn (array $v): bool => array_filter($prefixes, static fn ($p) => str_starts_with($v['id'], $p)) !== [],
        ));
        self::assertNotEmpty($found, 'no vector starts with ' . implode(', ', $prefixes));
        return $found;
    }

    /** @return array<string, array{0: array<string, mixed>}> */
    private static function cases(string ...$prefixes): array
    {
        $cases = [];
        foreach (self::byPrefix(...$prefixes) as $v) {
            $cases[$v['id']] = [$v];
        }
        return $cases;
    }

    /** @return array<string, array{array<string, mixed>, string, int}> every RSA signature in every encoding given */
    public static function rsaSignatures(): array
    {
        $cases = [];
        foreach (Fixtures::vectors()['vectors'] as $v) {
            if (isset($v['key'], $v['string_to_sign'])) {
                foreach (self::ENCODED_FIELDS as $field => $encoding) {
                    if (isset($v[$field])) {
                        $cases["{$v['id']} $field"] = [$v, $field, $encoding];
                    }
                }
            }
        }
        return $cases;
    }

    private static function algorithmOf(array $v): int
    {
        $sha = str_contains($v['algorithm'], 'SHA256withRSA');
        self::assertNotSame($sha, str_contains($v['algorithm'], 'MD5withRSA'), $v['algorithm']);
        return $sha ? SignAlgorithm::SHA256_RSA : SignAlgorithm::MD5_RSA;
    }

    public function testEveryVectorIsCovered(): void
    {
        $covered = array_merge(
            array_map(static fn (array $c) => $c[0]['id'], self::rsaSignatures()),
            array_map(static fn (array $v) => $v['id'], self::byPrefix(...self::OTHER_PREFIXES)),
        );
        $every = array_map(static fn (array $v) => $v['id'], Fixtures::vectors()['vectors']);
        self::assertSame([], array_values(array_diff($every, $covered)));
    }

    public function testTheRsaCasesSpanKeySizesAlgorithmsAndEncodings(): void
    {
        $cases = self::rsaSignatures();
        $keys = array_unique(array_map(static fn ($c) => $c[0]['key'], $cases));
        sort($keys);
        self::assertSame(['customer_1024', 'customer_2048'], $keys);
        $algorithms = array_unique(array_map(static fn ($c) => self::algorithmOf($c[0]), $cases));
        self::assertCount(2, $algorithms);
        self::assertCount(3, array_unique(array_map(static fn ($c) => $c[2], $cases)));
    }

    /** @return array<string, array{0: array<string, mixed>}> */
    public static function jssdkVectors(): array
    {
        return self::cases('jssdk_md5_sign');
    }

    /** @dataProvider jssdkVectors */
    public function testJssdkSign(array $v): void
    {
        $i = $v['inputs'];
        self::assertSame($i['msgId'], $i['traceId']);
        $args = [$i['appId'], $i['appkey'], $i['traceId'], $i['timestamp'], $i['version'], $i['businessType']];
        self::assertSame($v['expected_hex_upper'], Ydrz::jssdkSign(...$args));
        self::assertSame($v['expected_hex_lower'], Ydrz::jssdkSign(...[...$args, Encoding::HEX_LOWER]));
    }

    public function testJssdkSignDefaults(): void
    {
        $f = Fixtures::fixed();
        $v = self::byPrefix('jssdk_md5_sign_bt8')[0];
        self::assertSame(['2.0', '8'], [$v['inputs']['version'], $v['inputs']['businessType']]);
        self::assertSame($v['expected_hex_upper'], Ydrz::jssdkSign($f['appId'], $f['appkey'], $f['traceId_msgId'], $f['timestamp']));
    }

    /** @return array<string, array{0: array<string, mixed>}> */
    public static function appLoginVectors(): array
    {
        return self::cases('app_loginTokenValidate_md5');
    }

    /** @dataProvider appLoginVectors */
    public function testAppLoginMd5Sign(array $v): void
    {
        $i = $v['inputs'];
        $fields = [$i['appid'], $i['version'], $i['msgid'], $i['systemtime'], $i['strictcheck'], $i['token']];
        $secret = $i['APPSecret_or_appkey'];
        self::assertSame($v['string_to_sign'], implode('', $fields) . $secret);
        self::assertSame($v['expected_hex_upper'], Ydrz::appLoginMd5Sign(...[...$fields, $secret]));
        self::assertSame($v['expected_hex_lower'], Ydrz::appLoginMd5Sign(...[...$fields, $secret, Encoding::HEX_LOWER]));
    }

    /** @return array<string, array{0: array<string, mixed>}> */
    public static function keyType0Vectors(): array
    {
        return self::cases('app_tokenValidate_keyType0');
    }

    /** @dataProvider keyType0Vectors */
    public function testAppNumberSignKeyType0(array $v): void
    {
        $f = Fixtures::fixed();
        $appKey = $v['hmac_key'];
        self::assertSame($f['phone'] . $appKey . $f['timestamp'], $v['phoneNum_input']);
        $phoneNum = $v['expected_phoneNum_sha256_hex_upper'];
        self::assertSame(
            $v['string_to_sign'],
            $f['appId'] . $f['traceId_msgId'] . $phoneNum . $f['timestamp'] . $f['token_app'] . '1.0',
        );
        $signed = Ydrz::appNumberSignKeyType0($f['appId'], $appKey, $f['traceId_msgId'], $f['phone'], $f['timestamp'], $f['token_app'], '1.0');
        self::assertSame(['phoneNum' => $phoneNum, 'sign' => $v['expected_sign_hmacsha256_hex_upper']], $signed);
    }

    /** @return array<string, array{0: array<string, mixed>}> */
    public static function tokenValidateVectors(): array
    {
        return self::cases('h5_tokenValidate_sign');
    }

    /** @dataProvider tokenValidateVectors */
    public function testTokenValidateSign(array $v): void
    {
        $i = $v['inputs'];
        self::assertSame($v['string_to_sign'], $i['appId'] . $i['traceId'] . $i['timestamp'] . $i['token'] . $i['version']);
        $sign = Ydrz::tokenValidateSign(Fixtures::privateKey($v['key']), $i['appId'], $i['traceId'], $i['timestamp'], $i['token'], $i['version']);
        self::assertSame($v['expected_hex_upper'], $sign);
        if ($i['version'] === '2.0') { // not given: the library's default
            self::assertSame($sign, Ydrz::tokenValidateSign(Fixtures::privateKey($v['key']), $i['appId'], $i['traceId'], $i['timestamp'], $i['token']));
        }
    }

    /** @return array<string, array{0: array<string, mixed>}> */
    public static function presignVectors(): array
    {
        return self::cases('preSign_MD5withRSA');
    }

    /** @dataProvider presignVectors */
    public function testPresignSign(array $v): void
    {
        self::assertSame($v['expected_base64'], Ydrz::presignSign(Fixtures::privateKey($v['key']), $v['string_to_sign']));
    }

    /** @dataProvider rsaSignatures */
    public function testRsaSignAndVerify(array $v, string $field, int $encoding): void
    {
        $algorithm = self::algorithmOf($v);
        self::assertSame($v[$field], Ydrz::rsaSign(Fixtures::privateKey($v['key']), $v['string_to_sign'], $algorithm, $encoding));
        $public = Fixtures::publicKey($v['key']);
        self::assertTrue(Ydrz::rsaVerify($public, $v['string_to_sign'], $v[$field], $algorithm, $encoding));
        self::assertFalse(Ydrz::rsaVerify($public, $v['string_to_sign'] . 'x', $v[$field], $algorithm, $encoding));
        $other = $algorithm === SignAlgorithm::SHA256_RSA ? SignAlgorithm::MD5_RSA : SignAlgorithm::SHA256_RSA;
        self::assertFalse(Ydrz::rsaVerify($public, $v['string_to_sign'], $v[$field], $other, $encoding));
    }

    /** @return array<string, array{0: array<string, mixed>}> */
    public static function decryptVectors(): array
    {
        return self::cases('phoneNum_rsa', 'encryptedDataOnJava');
    }

    /** @dataProvider decryptVectors */
    public function testRsaDecrypt(array $v): void
    {
        self::assertSame($v['plaintext'], Ydrz::rsaDecrypt(Fixtures::privateKey($v['key']), $v['ciphertext_base64']));
    }

    /** @return array<string, array{0: array<string, mixed>}> */
    public static function chunkingVectors(): array
    {
        return self::cases('encryptedDataOnJava');
    }

    /** @dataProvider chunkingVectors */
    public function testRsaEncryptChunksLikeEncryptedDataOnJava(array $v): void
    {
        $ciphertext = Ydrz::rsaEncrypt(Fixtures::publicKey($v['key']), $v['plaintext']);
        $block = intdiv(strlen(base64_decode($v['ciphertext_base64'])), $v['expected_blocks']);
        self::assertSame($block * $v['expected_blocks'], strlen(base64_decode($ciphertext)));
        self::assertNotSame($v['ciphertext_base64'], $ciphertext); // PKCS#1 v1.5 encryption is randomized
        self::assertSame($v['plaintext'], Ydrz::rsaDecrypt(Fixtures::privateKey($v['key']), $ciphertext));
    }

    /** @return array<string, array{0: array<string, mixed>}> */
    public static function phoneVectors(): array
    {
        return self::cases('phoneNum_rsa');
    }

    /** @dataProvider phoneVectors */
    public function testEncryptPhone(array $v): void
    {
        $f = Fixtures::fixed();
        $ciphertext = Ydrz::encryptPhone(Fixtures::publicKey($v['key']), $f['phone'], $f['appkey'], $f['timestamp']);
        self::assertSame($v['ciphertext_len_bytes'], strlen(base64_decode($ciphertext)));
        self::assertSame($v['plaintext'], Ydrz::rsaDecrypt(Fixtures::privateKey($v['key']), $ciphertext));
        self::assertSame($f['phone'] . $f['appkey'] . $f['timestamp'], $v['plaintext']);
    }

    /** @return array<string, array{0: array<string, mixed>}> */
    public static function msisdnVectors(): array
    {
        return self::cases('h5_msisdn');
    }

    /** @dataProvider msisdnVectors */
    public function testDecryptMsisdn(array $v): void
    {
        self::assertSame($v['plaintext'], Ydrz::decryptMsisdn($v['appkey'], $v['ciphertext_base64']));
    }

    public function testDecryptMsisdnReturnsAPlainNumberUnchanged(): void
    {
        $f = Fixtures::fixed();
        self::assertSame($f['phone'], Ydrz::decryptMsisdn($f['appkey'], $f['phone']));
    }

    /** @return array<string, array{0: array<string, mixed>}> */
    public static function appMsisdnVectors(): array
    {
        return self::cases('app_msisdn');
    }

    /** @dataProvider appMsisdnVectors */
    public function testAppMsisdnInHexAndBase64(array $v): void
    {
        $key = Fixtures::privateKey($v['key']);
        self::assertSame($v['plaintext'], Ydrz::rsaDecrypt($key, $v['ciphertext_hex_upper']));
        self::assertSame($v['plaintext'], Ydrz::rsaDecrypt($key, strtolower($v['ciphertext_hex_upper'])));
        self::assertSame($v['plaintext'], Ydrz::rsaDecrypt($key, $v['ciphertext_base64']));
    }
}
