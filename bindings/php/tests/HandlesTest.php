<?php

declare(strict_types=1);

namespace Ydrz\Tests;

use PHPUnit\Framework\TestCase;
use Ydrz\Client;
use Ydrz\Encoding;
use Ydrz\PrivateKey;
use Ydrz\PublicKey;
use Ydrz\SignAlgorithm;
use Ydrz\Ydrz;

/** Key and client objects: generation, close(), use after close, __destruct, no clones. */
final class HandlesTest extends TestCase
{
    public function testGeneratedKeysWorkTogether(): void
    {
        $pair = Ydrz::generateKeyPair(1024);
        $private = new PrivateKey($pair['privatePkcs8']);
        $public = new PublicKey($pair['publicSpki']);
        self::assertSame($pair['publicSpki'], $private->publicSpki());
        $signature = Ydrz::rsaSign($private, 'data', SignAlgorithm::SHA256_RSA, Encoding::BASE64);
        self::assertTrue(Ydrz::rsaVerify($public, 'data', $signature, SignAlgorithm::SHA256_RSA, Encoding::BASE64));
        self::assertSame('你好', Ydrz::rsaDecrypt($private, Ydrz::rsaEncrypt($public, '你好')));
    }

    public function testGeneratedKeySizes(): void
    {
        self::assertSame(294, strlen(base64_decode(Ydrz::generateKeyPair(2048)['publicSpki'])));
    }

    public function testUseAfterCloseIsAClearErrorAndCloseIsIdempotent(): void
    {
        $keys = Fixtures::vectors()['keys']['customer_1024'];
        $key = new PrivateKey($keys['private_pkcs8_der_base64']);
        $public = new PublicKey($keys['public_x509_spki_der_base64']);
        $client = new Client(['app_id' => '300012345678']);
        self::assertFalse($key->isClosed());
        $key->close();
        $key->close();
        $public->close();
        $client->close();
        self::assertTrue($key->isClosed());
        Fixtures::expectStatus(static fn () => $key->publicSpki(), 'YDRZ_E_NULL_ARG', 'this PrivateKey is closed');
        Fixtures::expectStatus(static fn () => Ydrz::presignSign($key, 'x'), 'YDRZ_E_NULL_ARG', 'this PrivateKey is closed');
        Fixtures::expectStatus(static fn () => Ydrz::rsaEncrypt($public, 'x'), 'YDRZ_E_NULL_ARG', 'this PublicKey is closed');
        Fixtures::expectStatus(static fn () => $client->jssdkParams(), 'YDRZ_E_NULL_ARG', 'this Client is closed');
    }

    public function testDestructionFreesWhatWasNotClosed(): void
    {
        // A thousand keys and clients dropped without close(): __destruct frees each once (a leak would grow the
        // process by megabytes; a double free would crash it).
        $key = Fixtures::vectors()['keys']['customer_2048']['private_pkcs8_der_base64'];
        new PrivateKey($key);
        $before = memory_get_usage(true);
        $rssBefore = self::residentKib();
        for ($i = 0; $i < 1000; $i++) {
            new PrivateKey($key);
            $client = new Client(['app_id' => '300012345678', 'private_key' => $key]);
            unset($client);
        }
        self::assertLessThan(3 * 1024, self::residentKib() - $rssBefore, "resident memory grew by more than 3 MiB: handles leak");
        self::assertSame($before, memory_get_usage(true));
    }

    private static function residentKib(): int
    {
        preg_match('/^VmRSS:\s+(\d+) kB/m', (string) file_get_contents('/proc/self/status'), $m);
        return (int) $m[1];
    }

    public function testClonesAndSerializationAreRefused(): void
    {
        $key = new PublicKey(Fixtures::vectors()['keys']['customer_1024']['public_x509_spki_der_base64']);
        try {
            serialize($key);
            self::fail('serialized');
        } catch (\LogicException $e) {
            self::assertStringContainsString('cannot be serialized', $e->getMessage());
        }
        $this->expectException(\LogicException::class);
        $copy = clone $key;
    }

    /** In a fresh php: an unserialized handle object would have no handle, and its destructor used to die with a
     * fatal error (a typed property read before initialization). */
    public function testUnserializingAHandleClassThrowsAndLeavesNothingToFree(): void
    {
        foreach (['PrivateKey', 'PublicKey', 'Client'] as $class) {
            $payload = sprintf('O:%d:"Ydrz\\%s":0:{}', strlen("Ydrz\\$class"), $class);
            $code = 'require ' . var_export(dirname(__DIR__) . '/autoload.php', true) . ';'
                . ' try { $o = unserialize(' . var_export($payload, true) . '); echo "made\n"; }'
                . ' catch (LogicException $e) { echo $e->getMessage(), "\n"; }'
                . ' gc_collect_cycles(); echo "alive\n";';
            exec(PHP_BINARY . ' -d display_errors=stderr -r ' . escapeshellarg($code) . ' 2>&1', $out, $status);
            self::assertSame(0, $status, implode("\n", $out));
            self::assertSame(["Ydrz\\$class holds a native handle and cannot be unserialized", 'alive'], $out);
            $out = [];
        }
    }
}
