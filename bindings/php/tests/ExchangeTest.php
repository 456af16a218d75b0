<?php

declare(strict_types=1);

namespace Ydrz\Tests;

use GuzzleHttp\Client as Guzzle;
use GuzzleHttp\Psr7\HttpFactory;
use Psr\Http\Client\ClientInterface;
use Psr\Http\Message\RequestInterface;
use Psr\Http\Message\ResponseInterface;
use Ydrz\Client;
use Ydrz\Exchange;

require_once 'GuzzleHttp/autoload.php'; // Debian's php-guzzlehttp-guzzle (scripts/setup.sh installs it)

/**
 * A PSR-18 client over a real Guzzle client that sends through the HTTP proxy $proxy (null: directly), so one
 * ydrz Client can meet a refused connection and then a working one.
 */
final class SwitchableGuzzle implements ClientInterface
{
    public ?string $proxy = null;

    public function __construct(private readonly Guzzle $guzzle)
    {
    }

    public function sendRequest(RequestInterface $request): ResponseInterface
    {
        $options = ['allow_redirects' => false, 'http_errors' => false, 'timeout' => 5];
        if ($this->proxy !== null) {
            $options['proxy'] = $this->proxy;
        }
        return $this->guzzle->send($request, $options);
    }
}

/** The exchange (bring your own HTTP) and the PSR-18 transport with Guzzle, against the sandbox. */
final class ExchangeTest extends SandboxTestCase
{
    private const PHONE = '13800138000';

    private static function psr18Client(array $overrides = [], array $guzzleOptions = []): Client
    {
        $factory = new HttpFactory();
        return new Client($overrides + self::$sandbox->clientConfig, new Guzzle($guzzleOptions), $factory, $factory);
    }

    public function testTheRequestIsTheValidationAndFinishReadsTheAnswer(): void
    {
        $token = self::$sandbox->token('onekey', self::PHONE);
        $exchange = self::$sandbox->client(['timeout_ms' => 3000])->onekeyBegin($token['token'], $token['userInformation']);
        $request = $exchange->request();
        self::assertSame('POST', $request->method);
        self::assertStringStartsWith(self::$sandbox->baseUrl, $request->url);
        self::assertSame('content-type', strtolower($request->headers[0][0]));
        self::assertStringContainsString($token['token'], $request->body);
        self::assertSame(3000, $request->timeoutMs);
        self::assertSame(0, self::$sandbox->stats($token['token'])['requests']); // begin sends nothing
        $result = Fixtures::sendWithGuzzle($exchange);
        self::assertSame(self::PHONE, $result['phone']);
        self::assertSame(1, self::$sandbox->stats($token['token'])['requests']);
        Fixtures::expectStatus(static fn () => $exchange->finish(200, '{}'), 'YDRZ_E_INVALID_ARG');
        Fixtures::expectStatus(static fn () => $exchange->notSent(), 'YDRZ_E_INVALID_ARG');
        self::assertSame($request, $exchange->request());
    }

    public function testEachBeginGivesItsValidationsResult(): void
    {
        $s = self::$sandbox;
        $client = $s->client();
        $t = $s->token('number_verify', self::PHONE);
        self::assertTrue(Fixtures::sendWithGuzzle($client->numberVerifyBegin($t['token'], $t['userInformation'], self::PHONE))['matched']);
        $t = $s->token('app_login', self::PHONE);
        self::assertSame(self::PHONE, Fixtures::sendWithGuzzle($client->appLoginBegin($t['token']))['phone']);
        $t = $s->token('app_number', self::PHONE);
        self::assertFalse(Fixtures::sendWithGuzzle($client->appNumberBegin($t['token'], '13900139000'))['matched']);
    }

    public function testNotSentReleasesTheTokenAndAClosedExchangeKeepsIt(): void
    {
        $client = self::$sandbox->client();
        $token = self::$sandbox->token('onekey', self::PHONE);
        $client->onekeyBegin($token['token'], $token['userInformation'])->notSent();
        $exchange = $client->onekeyBegin($token['token'], $token['userInformation']);
        $exchange->close();
        Fixtures::expectStatus(static fn () => $client->onekeyBegin($token['token'], $token['userInformation']), 'YDRZ_E_TOKEN_REUSED');
        Fixtures::expectStatus(static fn () => $exchange->request(), 'YDRZ_E_NULL_ARG');
        self::assertSame(0, self::$sandbox->stats($token['token'])['requests']);
    }

    public function testFinishReportsANon2xxStatusAndAnOversizedBody(): void
    {
        $client = self::$sandbox->client();
        $token = self::$sandbox->token('onekey', self::PHONE);
        Fixtures::expectStatus(static fn () => $client->onekeyBegin($token['token'], $token['userInformation'])->finish(302, ''), 'YDRZ_E_HTTP');
        $token = self::$sandbox->token('onekey', self::PHONE);
        $big = str_repeat('x', Exchange::MAX_BODY + 1);
        Fixtures::expectStatus(static fn () => $client->onekeyBegin($token['token'], $token['userInformation'])->finish(200, $big), 'YDRZ_E_PROTOCOL');
        $token = self::$sandbox->token('onekey', self::PHONE);
        $exchange = $client->onekeyBegin($token['token'], $token['userInformation']);
        Fixtures::expectStatus(static fn () => $exchange->finish(99, ''), 'YDRZ_E_INVALID_ARG');
        $exchange->notSent(); // an out-of-range status left the exchange as it was
    }

    public function testTheFourValidationsSendThroughThePsr18Client(): void
    {
        $s = self::$sandbox;
        $client = self::psr18Client();
        $t = $s->token('onekey', self::PHONE);
        self::assertSame(self::PHONE, $client->onekeyValidate($t['token'], $t['userInformation'])['phone']);
        self::assertSame(1, $s->stats($t['token'])['requests']);
        Fixtures::expectStatus(static fn () => $client->onekeyValidate($t['token'], $t['userInformation']), 'YDRZ_E_TOKEN_REUSED');
        self::assertSame(1, $s->stats($t['token'])['requests']);
        $t = $s->token('number_verify', self::PHONE);
        self::assertTrue($client->numberVerify($t['token'], $t['userInformation'], self::PHONE)['matched']);
        $t = $s->token('app_login', self::PHONE);
        self::assertSame(self::PHONE, $client->appLoginValidate($t['token'])['phone']);
        $t = $s->token('app_number', self::PHONE);
        self::assertTrue($client->appNumberVerify($t['token'], self::PHONE)['matched']);
    }

    public function testPsr18RefusedConnectionReleasesTheToken(): void
    {
        $http = new SwitchableGuzzle(new Guzzle());
        $http->proxy = 'http://127.0.0.1:9'; // nothing listens: the request never leaves
        $factory = new HttpFactory();
        $client = new Client(self::$sandbox->clientConfig, $http, $factory, $factory);
        $token = self::$sandbox->token('onekey', self::PHONE);
        Fixtures::expectStatus(static fn () => $client->onekeyValidate($token['token'], $token['userInformation']), 'YDRZ_E_NETWORK', 'not sent');
        self::assertSame(0, self::$sandbox->stats($token['token'])['requests']);
        $http->proxy = null;
        self::assertSame(self::PHONE, $client->onekeyValidate($token['token'], $token['userInformation'])['phone']);
        self::assertSame(1, self::$sandbox->stats($token['token'])['requests']);
    }

    public function testPsr18TimeoutAfterSendingKeepsTheToken(): void
    {
        self::$sandbox->control('/faults', ['count' => 1, 'kind' => 'delay', 'delay_ms' => 2000]);
        $client = self::psr18Client([], ['timeout' => 0.5]);
        $token = self::$sandbox->token('onekey', self::PHONE);
        Fixtures::expectStatus(static fn () => $client->onekeyValidate($token['token'], $token['userInformation']), 'YDRZ_E_TIMEOUT');
        $requests = self::$sandbox->stats($token['token'])['requests'];
        Fixtures::expectStatus(static fn () => $client->onekeyValidate($token['token'], $token['userInformation']), 'YDRZ_E_TOKEN_REUSED');
        self::assertSame($requests, self::$sandbox->stats($token['token'])['requests']);
        self::assertSame(1, $requests); // the request left before the timeout
    }

    /** @return array{string, string} the base URL of a `php -S` answering as $answer, and its request log */
    private static function answerServer(string $answer): array
    {
        $log = tempnam(sys_get_temp_dir(), 'ydrz-answer');
        $probe = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int) substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
        fclose($probe);
        $env = ['YDRZ_TEST_ANSWER' => $answer, 'YDRZ_TEST_ANSWER_LOG' => $log] + getenv();
        $process = proc_open([PHP_BINARY, '-S', "127.0.0.1:$port", __DIR__ . '/answer-router.php'], [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes, null, $env);
        register_shutdown_function(static fn () => proc_terminate($process));
        for ($i = 0; $i < 100 && @fsockopen('127.0.0.1', $port) === false; $i++) {
            usleep(50_000);
        }
        return ["http://127.0.0.1:$port", $log];
    }

    public function testPsr18NeverFollowsARedirect(): void
    {
        $token = self::$sandbox->token('onekey', self::PHONE);
        [$url, $log] = self::answerServer('redirect:' . self::$sandbox->baseUrl . '/h5/onekeylogin/tokenValidate');
        $client = self::psr18Client(['base_url' => $url]);
        Fixtures::expectStatus(static fn () => $client->onekeyValidate($token['token'], $token['userInformation']), 'YDRZ_E_HTTP');
        self::assertCount(1, file($log));
        self::assertSame(0, self::$sandbox->stats($token['token'])['requests']);
    }

    public function testPsr18RefusesAnOversizedAnswer(): void
    {
        $token = self::$sandbox->token('onekey', self::PHONE);
        [$url] = self::answerServer('oversized');
        $client = self::psr18Client(['base_url' => $url]);
        Fixtures::expectStatus(static fn () => $client->onekeyValidate($token['token'], $token['userInformation']), 'YDRZ_E_PROTOCOL');
    }

    public function testThePsr18PartsGoTogether(): void
    {
        Fixtures::expectStatus(static fn () => new Client(self::$sandbox->clientConfig, new Guzzle()), 'YDRZ_E_INVALID_ARG');
    }
}
