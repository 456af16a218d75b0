<?php

// ydrz with the customer private key in a cloud KMS (PHP): the client is configured with the key's public half
// and "signer": "external", and its Signer asks the KMS for each signature; the key never enters the process.
// The validations then send through a PSR-18 client (Guzzle here). Runs against a sandbox it starts, with a
// stub in place of the KMS:
//
//     cargo build --release --lib --bin ydrz && bindings/php/gen-cdef.sh
//     php examples/external_signer.php
//
// Environment: YDRZ_LIBRARY (default <repo>/target/release/libydrz.so), YDRZ_BIN (the ydrz executable for
// the sandbox; default <repo>/target/release/ydrz). In a Composer project, require vendor/autoload.php instead
// (with guzzlehttp/guzzle); here Guzzle comes from the include path (Debian's php-guzzlehttp-guzzle).
declare(strict_types=1);

use GuzzleHttp\Psr7\HttpFactory;
use Ydrz\Client;
use Ydrz\Signer;
use Ydrz\Testing\Sandbox;
use Ydrz\Ydrz;

$repo = dirname(__DIR__);
require is_file("$repo/bindings/php/autoload.php") ? "$repo/bindings/php/autoload.php" : "$repo/autoload.php";
if (!class_exists(GuzzleHttp\Client::class)) {
    require_once 'GuzzleHttp/autoload.php';
}
if (getenv('YDRZ_LIBRARY') === false && is_file("$repo/target/release/libydrz.so")) {
    putenv("YDRZ_LIBRARY=$repo/target/release/libydrz.so");
}

/** The Signer: each operation is one KMS call with the key's id. */
final class KmsSigner implements Signer
{
    public function __construct(private readonly StubKms $kms, private readonly string $keyId)
    {
    }

    public function sign(string $algorithm, string $data): string
    {
        return $this->kms->asymmetricSign($this->keyId, $algorithm, $data);
    }

    public function decrypt(string $block): string
    {
        return $this->kms->asymmetricDecrypt($this->keyId, $block);
    }
}

/**
 * STUB KMS. In production its two methods are your KMS SDK's calls (e.g. AWS KMS Sign with MessageType RAW and
 * RSASSA_PKCS1_V1_5_SHA_256 and Decrypt, Alibaba Cloud KMS AsymmetricSign with the message's digest and
 * AsymmetricDecrypt, or a PKCS#11 HSM's C_Sign and C_Decrypt), returning the raw bytes. Here they use the
 * sandbox app's key, which the demo puts in, so the example runs offline.
 */
final class StubKms
{
    /** @var array<string, OpenSSLAsymmetricKey> */
    public array $keys = [];

    public function asymmetricSign(string $keyId, string $algorithm, string $message): string
    {
        $digest = [Signer::SHA256_WITH_RSA => OPENSSL_ALGO_SHA256, Signer::MD5_WITH_RSA => OPENSSL_ALGO_MD5][$algorithm]
            ?? throw new RuntimeException("the KMS has no signing algorithm for $algorithm");
        openssl_sign($message, $signature, $this->keys[$keyId], $digest) || throw new RuntimeException('KMS sign failed');
        return $signature;
    }

    public function asymmetricDecrypt(string $keyId, string $ciphertext): string
    {
        openssl_private_decrypt($ciphertext, $plaintext, $this->keys[$keyId], OPENSSL_PKCS1_PADDING)
            || throw new RuntimeException('KMS decrypt failed');
        return $plaintext;
    }
}

$built = "$repo/target/release/ydrz";
$sandbox = Sandbox::start(getenv('YDRZ_BIN') ?: (is_file($built) ? $built : null));
try {
    // The sandbox app's private key goes into the stub KMS, never into the client's configuration.
    $config = $sandbox->clientConfig;
    $kms = new StubKms();
    $kms->keys['ydrz-customer-key'] = openssl_pkey_get_private(
        "-----BEGIN PRIVATE KEY-----\n" . chunk_split($config['private_key'], 64, "\n") . "-----END PRIVATE KEY-----\n",
    );
    unset($config['private_key']);

    $factory = new HttpFactory();
    $client = new Client(
        // App login in RSA mode: the platform encrypts the number to the same key, which the KMS decrypts.
        ['signer' => 'external', 'public_key' => $sandbox->demo['customer_public_key'], 'app_login' => ['mode' => 'rsa']] + $config,
        new GuzzleHttp\Client(['timeout' => 10]),
        $factory,
        $factory,
        signer: new KmsSigner($kms, 'ydrz-customer-key'),
    );
    $token = $sandbox->token('onekey', '13800138000'); // what the jssdk gives the front end
    $phone = $client->onekeyValidate($token['token'], $token['userInformation'])['phone'];
    echo 'one-click login signed by the KMS: phone ', Ydrz::maskPhone($phone), "\n";
    $app = $sandbox->token('app_login', '13800138000'); // what the App SDK gives the App
    $phone = $client->appLoginValidate($app['token'])['phone'];
    echo 'App login signed and decrypted by the KMS: phone ', Ydrz::maskPhone($phone), "\n";
} finally {
    $sandbox->stop();
}
