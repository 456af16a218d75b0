<?php

declare(strict_types=1);

namespace Ydrz\Tests;

use Ydrz\Client;
use Ydrz\PrivateKey;
use Ydrz\Ydrz;
use Ydrz\YdrzException;

/** End to end: the client against a sandbox process spawned by this class. */
final class ClientTest extends SandboxTestCase
{
    private const PHONE = '13800138000';
    private const OTHER_PHONE = '13900139000';

    private static function expectPlatform(callable $call, string $code): void
    {
        $e = Fixtures::expectStatus($call, 'YDRZ_E_PLATFORM');
        self::assertSame($code, $e->getPlatformCode());
        self::assertStringContainsString($code, $e->getMessage());
        self::assertStringNotContainsString(self::PHONE, $e->getMessage());
    }

    public function testJssdkParamsCarryAValidSign(): void
    {
        $s = self::$sandbox;
        $params = $s->client()->jssdkParams();
        self::assertSame($s->demo['app_id'], $params['appId']);
        self::assertSame($params['traceId'], $params['msgId']);
        $expected = Ydrz::jssdkSign($params['appId'], $s->demo['app_key'], $params['traceId'], $params['timestamp'], $params['version'], $params['businessType']);
        self::assertSame($expected, $params['sign']);
    }

    public function testPresignSignUsesTheConfiguredKey(): void
    {
        $f = Fixtures::fixed();
        $key = new PrivateKey(self::$sandbox->demo['customer_private_key']);
        self::assertSame(Ydrz::presignSign($key, $f['preSign']), self::$sandbox->client()->presignSign($f['preSign']));
    }

    public function testOnekeyValidateReturnsThePhone(): void
    {
        $token = self::$sandbox->token('onekey', self::PHONE);
        $result = self::$sandbox->client()->onekeyValidate($token['token'], $token['userInformation']);
        self::assertSame(self::PHONE, $result['phone']);
        self::assertSame('103000', $result['details']['resultCode']);
        self::assertSame(200, $result['details']['http_status']);
        self::assertSame(Ydrz::maskPhone(self::PHONE), $result['details']['securityPhone']);
    }

    public function testNumberVerifyMatchAndNoMatch(): void
    {
        $client = self::$sandbox->client();
        $token = self::$sandbox->token('number_verify', self::PHONE);
        $matched = $client->numberVerify($token['token'], $token['userInformation'], self::PHONE);
        $token = self::$sandbox->token('number_verify', self::PHONE);
        $other = $client->numberVerify($token['token'], $token['userInformation'], self::OTHER_PHONE);
        self::assertTrue($matched['matched']);
        self::assertSame('000', $matched['details']['resultCode']);
        self::assertFalse($other['matched']);
        self::assertSame('001', $other['details']['resultCode']);
    }

    public function testAppLoginReturnsThePhone(): void
    {
        $token = self::$sandbox->token('app_login', self::PHONE);
        $result = self::$sandbox->client()->appLoginValidate($token['token']);
        self::assertSame(self::PHONE, $result['phone']);
        self::assertSame('103000', $result['details']['resultCode']);
    }

    public function testAppNumberVerifyMatchAndNoMatch(): void
    {
        $client = self::$sandbox->client();
        $matched = $client->appNumberVerify(self::$sandbox->token('app_number', self::PHONE)['token'], self::PHONE);
        $other = $client->appNumberVerify(self::$sandbox->token('app_number', self::PHONE)['token'], self::OTHER_PHONE);
        self::assertSame([true, false], [$matched['matched'], $other['matched']]);
    }

    public function testAnExpiredTokenGives104007(): void
    {
        $token = self::$sandbox->token('onekey', self::PHONE, ['ttl_ms' => 1]);
        usleep(50_000);
        $client = self::$sandbox->client();
        self::expectPlatform(static fn () => $client->onekeyValidate($token['token'], $token['userInformation']), '104007');
    }

    public function testAKeyThatIsNotRegisteredGives104013And130018(): void
    {
        $client = self::$sandbox->client(['private_key' => Ydrz::generateKeyPair()['privatePkcs8']]);
        $token = self::$sandbox->token('onekey', self::PHONE);
        self::expectPlatform(static fn () => $client->onekeyValidate($token['token'], $token['userInformation']), '104013');
        $token = self::$sandbox->token('number_verify', self::PHONE);
        self::expectPlatform(static fn () => $client->numberVerify($token['token'], $token['userInformation'], self::PHONE), '130018');
    }

    public function testTheSameTokenTwiceIsRefusedWithoutASecondRequest(): void
    {
        $token = self::$sandbox->token('onekey', self::PHONE);
        $client = self::$sandbox->client();
        self::assertSame(self::PHONE, $client->onekeyValidate($token['token'], $token['userInformation'])['phone']);
        $e = Fixtures::expectStatus(static fn () => $client->onekeyValidate($token['token'], $token['userInformation']), 'YDRZ_E_TOKEN_REUSED');
        self::assertNull($e->getPlatformCode());
        self::assertSame(1, self::$sandbox->stats($token['token'])['requests']);
    }

    public function testTheDailyLimitGives121011(): void
    {
        $s = self::$sandbox;
        $s->control('/apps', ['app_id' => $s->demo['app_id'], 'daily_limit' => 1]);
        $client = $s->client();
        $token = $s->token('number_verify', self::PHONE);
        self::assertTrue($client->numberVerify($token['token'], $token['userInformation'], self::PHONE)['matched']);
        $token = $s->token('number_verify', self::PHONE);
        self::expectPlatform(static fn () => $client->numberVerify($token['token'], $token['userInformation'], self::PHONE), '121011');
    }

    public function testARefusedIpGives104017(): void
    {
        $s = self::$sandbox;
        $s->control('/apps', ['app_id' => $s->demo['app_id'], 'allowed_ips' => ['192.0.2.1']]);
        $token = $s->token('onekey', self::PHONE);
        $client = $s->client();
        self::expectPlatform(static fn () => $client->onekeyValidate($token['token'], $token['userInformation']), '104017');
    }

    /** @return array<string, array{array<string, mixed>, string}> */
    public static function transportFaults(): array
    {
        return [
            'http_status' => [['kind' => 'http_status', 'status' => 503], 'YDRZ_E_HTTP'],
            'malformed_json' => [['kind' => 'malformed_json'], 'YDRZ_E_PROTOCOL'],
            'reset' => [['kind' => 'reset'], 'YDRZ_E_NETWORK'],
            'delay' => [['kind' => 'delay', 'delay_ms' => 2000], 'YDRZ_E_TIMEOUT'],
        ];
    }

    /** @dataProvider transportFaults */
    public function testTransportFailuresMapToTheirStatus(array $fault, string $statusName): void
    {
        self::$sandbox->control('/faults', ['count' => 1] + $fault);
        $token = self::$sandbox->token('onekey', self::PHONE);
        $client = self::$sandbox->client(['timeout_ms' => 500]);
        $started = microtime(true);
        $e = Fixtures::expectStatus(static fn () => $client->onekeyValidate($token['token'], $token['userInformation']), $statusName);
        self::assertNull($e->getPlatformCode());
        self::assertNotSame('', $e->getReason());
        // A slow platform blocks this process for at most the configured timeout (plus slack), never the delay.
        self::assertLessThan(1.8, microtime(true) - $started);
    }

    public function testNothingListeningIsANetworkError(): void
    {
        $client = new Client(['base_url' => 'http://127.0.0.1:9'] + self::$sandbox->clientConfig);
        Fixtures::expectStatus(static fn () => $client->onekeyValidate('token-nobody-listens', 'info'), 'YDRZ_E_NETWORK');
    }

    public function testEmptyAndNullClientArguments(): void
    {
        $client = self::$sandbox->client();
        Fixtures::expectStatus(static fn () => $client->onekeyValidate('', 'info'), 'YDRZ_E_INVALID_ARG');
        Fixtures::expectStatus(static fn () => $client->onekeyValidate('token', null), 'YDRZ_E_NULL_ARG', 'user_information is NULL');
        Fixtures::expectStatus(static fn () => $client->appLoginValidate(null), 'YDRZ_E_NULL_ARG', 'token is NULL');
        Fixtures::expectStatus(static fn () => $client->appNumberVerify('t', null), 'YDRZ_E_NULL_ARG', 'phone is NULL');
        Fixtures::expectStatus(static fn () => $client->numberVerify('token', 'info', '12345'), 'YDRZ_E_INVALID_ARG', 'phone');
    }

    public function testMaskPhoneShowsNeitherTheNumberNorItsLength(): void
    {
        self::assertSame('138****8000', Ydrz::maskPhone('13800138000'));
        foreach (['1380013800', '138001380001', ''] as $other) {
            self::assertSame('****', Ydrz::maskPhone($other));
        }
    }
}
