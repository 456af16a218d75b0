<?php

declare(strict_types=1);

namespace Ydrz\Tests;

use GuzzleHttp\Client as Guzzle;
use PHPUnit\Framework\Assert;
use Ydrz\Exchange;
use Ydrz\PrivateKey;
use Ydrz\PublicKey;
use Ydrz\Status;
use Ydrz\Ydrz;
use Ydrz\YdrzException;

/** Repository paths, the vectors and loaded keys, shared by the tests. */
final class Fixtures
{
    public const TS = '20240131235959123';

    public static function repo(): string
    {
        return dirname(__DIR__, 3);
    }

    /** @return array<string, mixed> */
    public static function vectors(): array
    {
        static $vectors = null;
        return $vectors ??= json_decode(
            (string) file_get_contents(self::repo() . '/tests/data/vectors.json'),
            true,
            flags: JSON_THROW_ON_ERROR,
        );
    }

    /** @return array<string, string> */
    public static function fixed(): array
    {
        return self::vectors()['fixed_inputs'];
    }

    public static function privateKey(string $name): PrivateKey
    {
        static $keys = [];
        return $keys[$name] ??= new PrivateKey(self::vectors()['keys'][$name]['private_pkcs8_der_base64']);
    }

    public static function publicKey(string $name): PublicKey
    {
        static $keys = [];
        return $keys[$name] ??= new PublicKey(self::vectors()['keys'][$name]['public_x509_spki_der_base64']);
    }

    /** Sends $exchange's request with Guzzle (no redirects; the caller loads GuzzleHttp/autoload.php) and
     * finishes the exchange with the answer. */
    public static function sendWithGuzzle(Exchange $exchange): array
    {
        $request = $exchange->request();
        $headers = [];
        foreach ($request->headers as [$name, $value]) {
            $headers[$name][] = $value;
        }
        $response = (new Guzzle())->request($request->method, $request->url, [
            'headers' => $headers,
            'body' => $request->body,
            'allow_redirects' => false,
            'http_errors' => false,
            'timeout' => $request->timeoutMs / 1000,
        ]);
        return $exchange->finish($response->getStatusCode(), (string) $response->getBody());
    }

    public static function sandboxBinary(): string
    {
        return getenv('YDRZ_BIN') ?: self::repo() . '/target/release/ydrz';
    }

    /** Asserts that $call throws YdrzException with $statusName whose reason holds $fragment; returns it. */
    public static function expectStatus(callable $call, string $statusName, string $fragment = ''): YdrzException
    {
        try {
            $call();
        } catch (YdrzException $e) {
            Assert::assertSame($statusName, $e->getStatusName(), $e->getMessage());
            Assert::assertSame(constant(Status::class . '::' . substr($statusName, 5)), $e->getStatus());
            Assert::assertSame($e->getStatus(), $e->getCode());
            Assert::assertSame($statusName, Ydrz::statusName($e->getStatus()));
            Assert::assertStringContainsString($fragment, $e->getReason());
            return $e;
        }
        Assert::fail("expected $statusName");
    }
}
