<?php

declare(strict_types=1);

namespace Ydrz\Tests;

use GuzzleHttp\Client as Guzzle;
use GuzzleHttp\Psr7\HttpFactory;
use Ydrz\Client;
use Ydrz\Signer;

require_once 'GuzzleHttp/autoload.php'; // Debian's php-guzzlehttp-guzzle (scripts/setup.sh installs it)

/** The tests' external signer: PHP's openssl with a private key only the test holds, as an HSM or a KMS would. */
final class OpensslSigner implements Signer
{
    /** @var list<string> the algorithms asked for */
    public array $asked = [];

    /** @var list<int> the lengths of the blocks decrypted */
    public array $blocks = [];

    public function __construct(private readonly \OpenSSLAsymmetricKey $key)
    {
    }

    public function sign(string $algorithm, string $data): string
    {
        $this->asked[] = $algorithm;
        $digest = [self::SHA256_WITH_RSA => OPENSSL_ALGO_SHA256, self::MD5_WITH_RSA => OPENSSL_ALGO_MD5][$algorithm];
        if (!openssl_sign($data, $signature, $this->key, $digest)) {
            throw new \RuntimeException('openssl_sign failed');
        }
        return $signature;
    }

    public function decrypt(string $block): string
    {
        $this->blocks[] = strlen($block);
        if (!openssl_private_decrypt($block, $plaintext, $this->key, OPENSSL_PKCS1_PADDING)) {
            throw new \RuntimeException('openssl_private_decrypt failed');
        }
        return $plaintext;
    }
}

/** Signs with its OpensslSigner but decrypts every block to the same wrong plaintext. */
final class MisreadingSigner implements Signer
{
    public function __construct(private readonly OpensslSigner $signer)
    {
    }

    public function sign(string $algorithm, string $data): string
    {
        return $this->signer->sign($algorithm, $data);
    }

    public function decrypt(string $block): string
    {
        return '12345';
    }
}

/** A KMS that cannot be reached. */
final class UnreachableSigner implements Signer
{
    public function sign(string $algorithm, string $data): string
    {
        throw new \RuntimeException('kms unavailable');
    }

    public function decrypt(string $block): string
    {
        throw new \RuntimeException('kms unavailable');
    }
}

/** Delegates to the signer it holds at the time of the call (a test changes it between validations). */
final class SwappableSigner implements Signer
{
    public function __construct(public Signer $current)
    {
    }

    public function sign(string $algorithm, string $data): string
    {
        return $this->current->sign($algorithm, $data);
    }

    public function decrypt(string $block): string
    {
        return $this->current->decrypt($block);
    }
}

/**
 * The external signer ("signer": "external") against the sandbox: the client holds only the customer public key
 * and the test signs with openssl_sign and the sandbox app's private key. Nothing may reach the sandbox before a
 * valid signature (its per-token request counter is the witness).
 */
final class SignerTest extends SandboxTestCase
{
    private const PHONE = '13800138000';

    /** The sandbox demo app's customer private key, which only the test holds. */
    private static function demoKey(): \OpenSSLAsymmetricKey
    {
        $der = self::$sandbox->demo['customer_private_key'];
        $pem = "-----BEGIN PRIVATE KEY-----\n" . chunk_split($der, 64, "\n") . "-----END PRIVATE KEY-----\n";
        $key = openssl_pkey_get_private($pem);
        self::assertInstanceOf(\OpenSSLAsymmetricKey::class, $key);
        return $key;
    }

    /** The sandbox's client configuration without private_key: "signer": "external" and the public key, App
     * login in RSA mode without msisdn_private_key (the sandbox encrypts the number to the customer key).
     * @return array<string, mixed> */
    private static function externalConfig(): array
    {
        $config = self::$sandbox->clientConfig;
        unset($config['private_key']);
        $external = ['signer' => 'external', 'public_key' => self::$sandbox->demo['customer_public_key'], 'app_login' => ['mode' => 'rsa']];
        return $external + $config;
    }

    private static function client(?Signer $signer): Client
    {
        $factory = new HttpFactory();
        return new Client(self::externalConfig(), new Guzzle(), $factory, $factory, signer: $signer);
    }

    public function testAClientWithoutThePrivateKeyCompletesLoginVerificationAndAppLogin(): void
    {
        $s = self::$sandbox;
        $signer = new OpensslSigner(self::demoKey());
        $client = self::client($signer);
        $t = $s->token('onekey', self::PHONE);
        self::assertSame(self::PHONE, $client->onekeyValidate($t['token'], $t['userInformation'])['phone']);
        self::assertSame(1, $s->stats($t['token'])['requests']);
        $t = $s->token('number_verify', self::PHONE);
        self::assertTrue($client->numberVerify($t['token'], $t['userInformation'], self::PHONE)['matched']);
        $t = $s->token('app_login', self::PHONE);
        self::assertSame(self::PHONE, $client->appLoginValidate($t['token'])['phone']);
        self::assertSame([Signer::SHA256_WITH_RSA, Signer::MD5_WITH_RSA, Signer::SHA256_WITH_RSA], $signer->asked);
        self::assertSame([128], $signer->blocks);
    }

    public function testADecryptionThatIsNotThePhoneIsRefusedAfterTheOneRequest(): void
    {
        $s = self::$sandbox;
        $client = self::client(new MisreadingSigner(new OpensslSigner(self::demoKey())));
        $t = $s->token('app_login', self::PHONE);
        Fixtures::expectStatus(static fn () => $client->appLoginValidate($t['token']), 'YDRZ_E_CRYPTO');
        Fixtures::expectStatus(static fn () => $client->appLoginValidate($t['token']), 'YDRZ_E_TOKEN_REUSED');
        self::assertSame(1, $s->stats($t['token'])['requests']);
    }

    public function testAppLoginExchangeWaitsForTheDecryptionThenResultGivesTheLogin(): void
    {
        $s = self::$sandbox;
        $signer = new OpensslSigner(self::demoKey());
        $t = $s->token('app_login', self::PHONE);
        $exchange = (new Client(self::externalConfig()))->appLoginBegin($t['token']);
        $exchange->provideWith($signer);
        Fixtures::expectStatus(static fn () => Fixtures::sendWithGuzzle($exchange), 'YDRZ_E_INVALID_ARG', 'decryption');
        $step = $exchange->pending();
        self::assertSame(['decrypt', 'RSA/ECB/PKCS1Padding', 128], [$step['step'], $step['algorithm'], $step['block_bytes']]);
        Fixtures::expectStatus(static fn () => $exchange->result(), 'YDRZ_E_INVALID_ARG');
        Fixtures::expectStatus(static fn () => $exchange->provideWith(new MisreadingSigner($signer)), 'YDRZ_E_CRYPTO');
        $exchange->provideWith($signer);
        self::assertSame(['step' => 'done'], $exchange->pending());
        self::assertSame(self::PHONE, $exchange->result()['phone']);
    }

    public function testAnotherKeyOrAFailingSignerSendsNothingAndTheTokenStaysUsable(): void
    {
        $s = self::$sandbox;
        $t = $s->token('onekey', self::PHONE);
        $other = openssl_pkey_new(['private_key_bits' => 1024, 'private_key_type' => OPENSSL_KEYTYPE_RSA]);
        $signer = new SwappableSigner(new OpensslSigner($other));
        $client = self::client($signer);
        Fixtures::expectStatus(static fn () => $client->onekeyValidate($t['token'], $t['userInformation']), 'YDRZ_E_SIGNATURE', 'wrong key');
        $signer->current = new UnreachableSigner();
        try {
            $client->onekeyValidate($t['token'], $t['userInformation']);
            self::fail('a failing signer did not throw');
        } catch (\RuntimeException $e) {
            self::assertSame('kms unavailable', $e->getMessage());
        }
        Fixtures::expectStatus(static fn () => self::client(null)->onekeyValidate($t['token'], $t['userInformation']), 'YDRZ_E_INVALID_ARG', 'Signer');
        self::assertSame(0, $s->stats($t['token'])['requests']);
        $signer->current = new OpensslSigner(self::demoKey());
        self::assertSame(self::PHONE, $client->onekeyValidate($t['token'], $t['userInformation'])['phone']);
        Fixtures::expectStatus(static fn () => $client->onekeyValidate($t['token'], $t['userInformation']), 'YDRZ_E_TOKEN_REUSED');
        self::assertSame(1, $s->stats($t['token'])['requests']);
    }

    public function testAnExchangeWaitsForItsSignatureThenProvideWithCompletesIt(): void
    {
        $s = self::$sandbox;
        $key = self::demoKey();
        $t = $s->token('onekey', self::PHONE);
        $exchange = (new Client(self::externalConfig()))->onekeyBegin($t['token'], $t['userInformation']);
        $step = $exchange->pending();
        self::assertSame(['sign', Signer::SHA256_WITH_RSA], [$step['step'], $step['algorithm']]);
        Fixtures::expectStatus(static fn () => $exchange->request(), 'YDRZ_E_INVALID_ARG');
        openssl_sign(base64_decode($step['input_base64']), $md5Signature, $key, OPENSSL_ALGO_MD5);
        Fixtures::expectStatus(static fn () => $exchange->provide(base64_encode($md5Signature)), 'YDRZ_E_SIGNATURE', 'wrong algorithm');
        $exchange->provideWith(new OpensslSigner($key));
        self::assertSame(['step' => 'send'], $exchange->pending());
        $exchange->provideWith(null); // nothing to do
        self::assertSame(0, $s->stats($t['token'])['requests']);
        self::assertSame(self::PHONE, Fixtures::sendWithGuzzle($exchange)['phone']);
        self::assertSame(['step' => 'done'], $exchange->pending());
        self::assertSame(self::PHONE, $exchange->result()['phone']);
    }

    public function testASignerNeedsAPsr18Client(): void
    {
        Fixtures::expectStatus(
            static fn () => new Client(self::externalConfig(), signer: new UnreachableSigner()),
            'YDRZ_E_INVALID_ARG',
            'PSR-18',
        );
    }
}
