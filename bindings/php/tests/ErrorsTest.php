<?php

declare(strict_types=1);

namespace Ydrz\Tests;

use PHPUnit\Framework\TestCase;
use Ydrz\Client;
use Ydrz\Encoding;
use Ydrz\PrivateKey;
use Ydrz\PublicKey;
use Ydrz\SignAlgorithm;
use Ydrz\Status;
use Ydrz\Ydrz;
use Ydrz\YdrzException;

/** Bad input to every function gives the right status, with the library's message; NUL is refused. */
final class ErrorsTest extends TestCase
{
    private const TS = Fixtures::TS;
    private const NUL = "x\0tail";

    public function testEveryStatusHasItsLibraryName(): void
    {
        $statuses = (new \ReflectionClass(Status::class))->getConstants();
        self::assertCount(14, $statuses);
        foreach ($statuses as $name => $number) {
            self::assertSame("YDRZ_$name", Ydrz::statusName($number));
        }
        self::assertSame('YDRZ_UNKNOWN', Ydrz::statusName(77));
    }

    public function testTheExceptionCarriesStatusNameAndPlatformCode(): void
    {
        $e = Fixtures::expectStatus(static fn () => Ydrz::decryptMsisdn('', 'x'), 'YDRZ_E_INVALID_ARG', 'app_key is empty');
        self::assertInstanceOf(\RuntimeException::class, $e);
        self::assertNull($e->getPlatformCode());
        self::assertSame('YDRZ_E_INVALID_ARG: ' . $e->getReason(), $e->getMessage());
    }

    public function testEmptyRequiredStrings(): void
    {
        $f = Fixtures::fixed();
        $k = Fixtures::privateKey('customer_1024');
        Fixtures::expectStatus(static fn () => Ydrz::jssdkSign('', $f['appkey'], $f['traceId_msgId'], self::TS), 'YDRZ_E_INVALID_ARG', 'app_id is empty');
        Fixtures::expectStatus(static fn () => Ydrz::presignSign($k, ''), 'YDRZ_E_INVALID_ARG', 'presign');
        Fixtures::expectStatus(static fn () => Ydrz::rsaEncrypt(Fixtures::publicKey('platform_1024'), ''), 'YDRZ_E_INVALID_ARG', 'plaintext');
        Fixtures::expectStatus(static fn () => Ydrz::tokenValidateSign($k, $f['appId'], 't', self::TS, ''), 'YDRZ_E_INVALID_ARG', 'token');
        Fixtures::expectStatus(static fn () => new PrivateKey(''), 'YDRZ_E_KEY', 'empty');
        Fixtures::expectStatus(static fn () => new PublicKey(''), 'YDRZ_E_KEY', 'empty');
    }

    public function testMalformedValues(): void
    {
        $f = Fixtures::fixed();
        Fixtures::expectStatus(static fn () => Ydrz::jssdkSign($f['appId'], $f['appkey'], 't', '2024'), 'YDRZ_E_INVALID_ARG', 'timestamp must be 17 digits');
        Fixtures::expectStatus(static fn () => Ydrz::jssdkSign($f['appId'], $f['appkey'], 't', self::TS, encoding: Encoding::BASE64), 'YDRZ_E_INVALID_ARG', 'hex');
        Fixtures::expectStatus(
            static fn () => Ydrz::encryptPhone(Fixtures::publicKey('platform_1024'), '23800138000', $f['appkey'], self::TS),
            'YDRZ_E_INVALID_ARG',
            'phone',
        );
        Fixtures::expectStatus(static fn () => Ydrz::codeDescribe('103000', 'nope'), 'YDRZ_E_INVALID_ARG', 'unknown product "nope"');
        Fixtures::expectStatus(static fn () => Ydrz::codeDescribe('105003', 'mp_onekey_login', 'no_such_stage'), 'YDRZ_E_INVALID_ARG', 'stage');
    }

    /** @return array<string, array{callable, string}> each App sign with one argument null, and its C name */
    public static function appSignNulls(): array
    {
        $f = Fixtures::fixed();
        $md5 = ['app_id' => $f['appId'], 'version' => '2.0', 'msg_id' => $f['traceId_msgId'], 'system_time' => self::TS,
            'strict_check' => '0', 'token' => $f['token_app'], 'secret' => $f['APPSecret']];
        $keyType0 = ['app_id' => $f['appId'], 'app_key' => $f['appkey'], 'msg_id' => $f['traceId_msgId'], 'phone' => $f['phone'],
            'timestamp' => self::TS, 'token' => $f['token_app'], 'version' => '1.0'];
        $jssdk = ['app_id' => $f['appId'], 'app_key' => $f['appkey'], 'trace_id' => 't', 'timestamp' => self::TS];
        $cases = [];
        foreach (['appLoginMd5Sign' => $md5, 'appNumberSignKeyType0' => $keyType0, 'jssdkSign' => $jssdk] as $function => $args) {
            foreach (array_keys($args) as $name) {
                $cases["$function $name"] = [[Ydrz::class, $function], array_values($args), array_search($name, array_keys($args), true), $name];
            }
        }
        return $cases;
    }

    /** @dataProvider appSignNulls */
    public function testSignsNameEachNullArgument(callable $sign, array $args, int $index, string $name): void
    {
        self::assertNotEmpty($sign(...$args));
        $args[$index] = null;
        Fixtures::expectStatus(static fn () => $sign(...$args), 'YDRZ_E_NULL_ARG', "$name is NULL");
    }

    public function testAppSignValues(): void
    {
        $f = Fixtures::fixed();
        $md5 = [$f['appId'], '2.0', $f['traceId_msgId'], self::TS, '0', $f['token_app'], $f['APPSecret']];
        $md5NoSecret = $md5;
        $md5NoSecret[6] = '';
        Fixtures::expectStatus(static fn () => Ydrz::appLoginMd5Sign(...$md5NoSecret), 'YDRZ_E_INVALID_ARG', 'app_secret is empty');
        $md5ShortTime = $md5;
        $md5ShortTime[3] = substr(self::TS, 0, 16);
        Fixtures::expectStatus(static fn () => Ydrz::appLoginMd5Sign(...$md5ShortTime), 'YDRZ_E_INVALID_ARG', 'systemtime must be 17 digits');
        Fixtures::expectStatus(static fn () => Ydrz::appLoginMd5Sign(...[...$md5, Encoding::BASE64]), 'YDRZ_E_INVALID_ARG', 'hex');
        Fixtures::expectStatus(
            static fn () => Ydrz::appNumberSignKeyType0($f['appId'], $f['appkey'], 'm', '23800138000', self::TS, 't', '1.0'),
            'YDRZ_E_INVALID_ARG',
            'phone must be an 11-digit mainland mobile number',
        );
        Fixtures::expectStatus(
            static fn () => Ydrz::appNumberSignKeyType0($f['appId'], $f['appkey'], 'm', $f['phone'], '2024', 't', '1.0'),
            'YDRZ_E_INVALID_ARG',
            'timestamp must be 17 digits',
        );
    }

    public function testUnknownEnumNumbersReachTheLibraryAndOutOfRangeOnesDoNot(): void
    {
        $k = Fixtures::privateKey('customer_1024');
        Fixtures::expectStatus(static fn () => Ydrz::rsaSign($k, 'data', 99, Encoding::BASE64), 'YDRZ_E_INVALID_ARG', 'algorithm');
        Fixtures::expectStatus(static fn () => Ydrz::rsaSign($k, 'data', SignAlgorithm::SHA256_RSA, 0), 'YDRZ_E_INVALID_ARG', 'encoding');
        // 2**32 + 1 would be truncated to 1 (a valid value) in a C int32: the binding refuses it instead.
        Fixtures::expectStatus(
            static fn () => Ydrz::rsaSign($k, 'data', SignAlgorithm::SHA256_RSA, 2 ** 32 + 1),
            'YDRZ_E_INVALID_ARG',
            'encoding 4294967297 is out of range',
        );
        Fixtures::expectStatus(static fn () => Ydrz::generateKeyPair(-1), 'YDRZ_E_INVALID_ARG', 'bits -1 is out of range');
        Fixtures::expectStatus(static fn () => Ydrz::generateKeyPair(1000), 'YDRZ_E_KEY', '1000 bits');
        $this->expectException(\TypeError::class);
        Ydrz::rsaSign($k, 'data', 'SHA256', Encoding::BASE64);
    }

    public function testNullIsNull(): void
    {
        $k = Fixtures::privateKey('customer_1024');
        $p = Fixtures::publicKey('customer_1024');
        Fixtures::expectStatus(static fn () => Ydrz::rsaSign(null, 'data', 1, 3), 'YDRZ_E_NULL_ARG', 'key is NULL');
        Fixtures::expectStatus(static fn () => Ydrz::rsaVerify(null, 'd', 'AA', 1, 3), 'YDRZ_E_NULL_ARG', 'key is NULL');
        Fixtures::expectStatus(static fn () => new PrivateKey(null), 'YDRZ_E_NULL_ARG', 'NULL');
        Fixtures::expectStatus(static fn () => new PublicKey(null), 'YDRZ_E_NULL_ARG', 'NULL');
        Fixtures::expectStatus(static fn () => Ydrz::rsaDecrypt($k, null), 'YDRZ_E_NULL_ARG', 'NULL');
        Fixtures::expectStatus(static fn () => Ydrz::rsaEncrypt($p, null), 'YDRZ_E_NULL_ARG', 'NULL');
        Fixtures::expectStatus(static fn () => Ydrz::presignSign($k, null), 'YDRZ_E_NULL_ARG', 'NULL');
        Fixtures::expectStatus(static fn () => Ydrz::decryptMsisdn(null, 'x'), 'YDRZ_E_NULL_ARG', 'NULL');
        Fixtures::expectStatus(static fn () => Ydrz::encryptPhone(null, '13800138000', 'k', self::TS), 'YDRZ_E_NULL_ARG', 'NULL');
        Fixtures::expectStatus(static fn () => Ydrz::tokenValidateSign($k, '1', 't', self::TS, null), 'YDRZ_E_NULL_ARG', 'token is NULL');
        Fixtures::expectStatus(static fn () => Ydrz::codeDescribe(null), 'YDRZ_E_NULL_ARG', 'NULL');
        Fixtures::expectStatus(static fn () => new Client(null), 'YDRZ_E_NULL_ARG', 'NULL');
        self::assertNull(Ydrz::codeMessage(null));
    }

    public function testNullableArgumentsAcceptNull(): void
    {
        $f = Fixtures::fixed();
        $args = [$f['appId'], $f['appkey'], $f['traceId_msgId'], $f['timestamp']];
        self::assertSame(Ydrz::jssdkSign(...$args), Ydrz::jssdkSign(...[...$args, null, null]));
        self::assertNotEmpty(Ydrz::codeDescribe('103000', null, null));
    }

    public function testInvalidUtf8(): void
    {
        $f = Fixtures::fixed();
        Fixtures::expectStatus(static fn () => Ydrz::jssdkSign($f['appId'], "\xff\xfe", 't', self::TS), 'YDRZ_E_INVALID_UTF8', 'not valid UTF-8');
        Fixtures::expectStatus(static fn () => new PrivateKey("\xc3"), 'YDRZ_E_INVALID_UTF8', 'not valid UTF-8');
        self::assertNull(Ydrz::codeMessage("\xff"));
    }

    /** @return array<string, array{string, callable}> every function and method that takes text, given NUL in
     * one argument; the other arguments need not be valid, as the NUL is refused before C is called. */
    public static function nulCases(): array
    {
        $n = self::NUL;
        $ts = self::TS;
        $k = static fn () => Fixtures::privateKey('customer_1024');
        $p = static fn () => Fixtures::publicKey('customer_1024');
        return [
            'PrivateKey' => ['keyText', static fn (Client $c) => new PrivateKey($n)],
            'PublicKey' => ['keyText', static fn (Client $c) => new PublicKey($n)],
            'jssdkSign' => ['appId', static fn (Client $c) => Ydrz::jssdkSign($n, 'k', 't', $ts)],
            'jssdkSign version' => ['version', static fn (Client $c) => Ydrz::jssdkSign('1', 'k', 't', $ts, $n)],
            'tokenValidateSign' => ['token', static fn (Client $c) => Ydrz::tokenValidateSign($k(), '1', 't', $ts, $n)],
            'presignSign' => ['presign', static fn (Client $c) => Ydrz::presignSign($k(), $n)],
            'appLoginMd5Sign' => ['secret', static fn (Client $c) => Ydrz::appLoginMd5Sign('1', '', 'm', $ts, '0', 't', $n)],
            'appNumberSignKeyType0' => ['phone', static fn (Client $c) => Ydrz::appNumberSignKeyType0('1', 'k', 'm', $n, $ts, 't', '')],
            'rsaSign' => ['data', static fn (Client $c) => Ydrz::rsaSign($k(), $n, 1, 3)],
            'rsaVerify data' => ['data', static fn (Client $c) => Ydrz::rsaVerify($p(), $n, 'AAAA', 1, 3)],
            'rsaVerify signature' => ['signature', static fn (Client $c) => Ydrz::rsaVerify($p(), 'data', $n, 1, 3)],
            'rsaEncrypt' => ['plaintext', static fn (Client $c) => Ydrz::rsaEncrypt($p(), $n)],
            'rsaDecrypt' => ['ciphertext', static fn (Client $c) => Ydrz::rsaDecrypt($k(), $n)],
            'encryptPhone' => ['appKey', static fn (Client $c) => Ydrz::encryptPhone($p(), '13800138000', $n, $ts)],
            'decryptMsisdn' => ['msisdn', static fn (Client $c) => Ydrz::decryptMsisdn(str_repeat('k', 16), $n)],
            'codeMessage' => ['code', static fn (Client $c) => Ydrz::codeMessage($n)],
            'codeMessage stage' => ['stage', static fn (Client $c) => Ydrz::codeMessage('103000', null, $n)],
            'codeDescribe' => ['product', static fn (Client $c) => Ydrz::codeDescribe('103000', $n)],
            'Client' => ['config', static fn (Client $c) => new Client('{"app_id":"' . $n . '"}')],
            'Client::presignSign' => ['presign', static fn (Client $c) => $c->presignSign($n)],
            'Client::onekeyValidate' => ['expandParams', static fn (Client $c) => $c->onekeyValidate('t', 'u', $n)],
            'Client::numberVerify' => ['userInformation', static fn (Client $c) => $c->numberVerify('t', $n, '13800138000')],
            'Client::appLoginValidate' => ['token', static fn (Client $c) => $c->appLoginValidate($n)],
            'Client::appNumberVerify' => ['phone', static fn (Client $c) => $c->appNumberVerify('t', $n)],
        ];
    }

    /** @dataProvider nulCases */
    public function testNulIsRefusedBeforeCCouldCutIt(string $parameter, callable $call): void
    {
        $client = new Client(['app_id' => '300012345678']);
        Fixtures::expectStatus(static fn () => $call($client), 'YDRZ_E_INVALID_ARG', "$parameter contains a NUL character");
    }

    public function testWrongTypesAreTypeErrors(): void
    {
        try {
            Ydrz::rsaSign(Fixtures::publicKey('customer_1024'), 'data', 1, 3);
            self::fail('no TypeError');
        } catch (\TypeError $e) {
            self::assertStringContainsString('PrivateKey', $e->getMessage());
        }
        $this->expectException(\TypeError::class);
        Ydrz::jssdkSign(300012345678, 'k', 't', self::TS);
    }

    public function testInvalidKeys(): void
    {
        $customer = Fixtures::vectors()['keys']['customer_1024'];
        Fixtures::expectStatus(static fn () => new PrivateKey($customer['public_x509_spki_der_base64']), 'YDRZ_E_KEY', 'public key');
        Fixtures::expectStatus(static fn () => new PublicKey($customer['private_pkcs8_der_base64']), 'YDRZ_E_KEY', 'private key');
        Fixtures::expectStatus(static fn () => new PrivateKey('not a key'), 'YDRZ_E_KEY', 'neither PEM nor valid Base64');
        Fixtures::expectStatus(
            static fn () => new Client(['app_id' => '300012345678', 'private_key' => $customer['public_x509_spki_der_base64']]),
            'YDRZ_E_KEY',
            'private_key',
        );
    }

    public function testKeyErrorsNeverEchoTheKey(): void
    {
        $secret = Fixtures::vectors()['keys']['customer_1024']['private_pkcs8_der_base64'];
        $e = Fixtures::expectStatus(static fn () => new PublicKey($secret), 'YDRZ_E_KEY');
        self::assertStringNotContainsString(substr($secret, 0, 40), $e->getMessage());
        self::assertStringNotContainsString(substr($secret, -40), $e->getMessage());
    }

    public function testAWrongKeyOrCiphertextIsACryptoError(): void
    {
        $vector = array_values(array_filter(Fixtures::vectors()['vectors'], static fn ($v) => $v['id'] === 'phoneNum_rsa_platform_1024'))[0];
        $ciphertext = $vector['ciphertext_base64'];
        Fixtures::expectStatus(static fn () => Ydrz::rsaDecrypt(Fixtures::privateKey('customer_1024'), $ciphertext), 'YDRZ_E_CRYPTO');
        Fixtures::expectStatus(static fn () => Ydrz::rsaDecrypt(Fixtures::privateKey('platform_1024'), substr($ciphertext, 0, -8)), 'YDRZ_E_CRYPTO');
        Fixtures::expectStatus(
            static fn () => Ydrz::decryptMsisdn('0000000000000000', 'RP+ama7A6MB2X/o7iETGrQ=='),
            'YDRZ_E_CRYPTO',
            'does not decrypt with this appkey',
        );
    }

    public function testUndecodableSignatureTextDoesNotVerify(): void
    {
        $p = Fixtures::publicKey('customer_1024');
        self::assertFalse(Ydrz::rsaVerify($p, 'data', 'not hex', SignAlgorithm::SHA256_RSA, Encoding::HEX_UPPER));
        Fixtures::expectStatus(static fn () => Ydrz::rsaVerify($p, 'data', 'AA', 99, Encoding::HEX_UPPER), 'YDRZ_E_INVALID_ARG', 'algorithm');
    }

    public function testConfigurationErrorsAreNamed(): void
    {
        Fixtures::expectStatus(static fn () => new Client(['app_id' => '300012345678', 'timeout' => 5]), 'YDRZ_E_INVALID_ARG', 'unknown config key "timeout"');
        Fixtures::expectStatus(static fn () => new Client('{'), 'YDRZ_E_INVALID_ARG', 'not valid JSON');
        Fixtures::expectStatus(
            static fn () => new Client(['app_id' => '300012345678', 'base_url' => 'http://www.cmpassport.com']),
            'YDRZ_E_INVALID_ARG',
            'http:// is allowed only for loopback',
        );
    }

    public function testClientOperationsNameMissingConfiguration(): void
    {
        $client = new Client(['app_id' => '300012345678']);
        Fixtures::expectStatus(static fn () => $client->jssdkParams(), 'YDRZ_E_INVALID_ARG', 'app_key');
        Fixtures::expectStatus(static fn () => $client->presignSign('presign'), 'YDRZ_E_INVALID_ARG', 'private_key');
        Fixtures::expectStatus(static fn () => $client->numberVerify('t', 'u', '13800138000'), 'YDRZ_E_INVALID_ARG');
    }
}
