<?php

declare(strict_types=1);

namespace Ydrz;

/**
 * Bring your own HTTP: one validation in flight (a ydrz_exchange), made by Client::onekeyBegin() and the other
 * *Begin methods. Send request() with any HTTP stack (never following a redirect), then finish() with the
 * answer's status and body.
 *
 * The token is reserved in the client's ledger from *Begin on. finish() keeps it reserved (it was sent);
 * notSent() releases it, only for a request that provably never left (connection refused, DNS or TLS handshake
 * failure); close() (or the last reference going) on an exchange that was neither keeps it reserved, because
 * the request may have left (a timeout or reset after connecting). A token is never sent twice.
 * An exchange may outlive its client.
 */
final class Exchange extends Handle
{
    /** Largest answer body the library reads (finish() refuses a longer one with YDRZ_E_PROTOCOL). */
    public const MAX_BODY = 1 << 20;

    /** The reason of what finish() throws for an answer only the external signer's key can read. */
    public const DECRYPTION_PENDING = "the answer waits for the external signer's decryption: pending(), provide(), then result()";

    private ?Request $request = null;

    /** @internal made by Client's *Begin methods */
    public static function begin(string $function, Client $client, ?string ...$inputs): self
    {
        return new self(Native::create($function, 'ydrz_exchange', $client->pointer(), ...$inputs));
    }

    protected static function freeFunction(): string
    {
        return 'ydrz_exchange_free';
    }

    /**
     * What the exchange waits for: ['step' => 'sign', 'algorithm' => 'SHA256withRSA' | 'MD5withRSA',
     * 'input_base64' => ...] while an external signer ("signer": "external") must sign those bytes,
     * ['step' => 'send'] once the request is ready, ['step' => 'decrypt', 'algorithm' => 'RSA/ECB/PKCS1Padding',
     * 'block_bytes' => k, 'input_base64' => ...] after a finish() that threw DECRYPTION_PENDING (decrypt each
     * k-byte block with the private key and provide() the joined plaintext), and ['step' => 'done'] once
     * finished. Throws YDRZ_E_INVALID_ARG once the exchange was declared not sent.
     *
     * @return array<string, string|int>
     */
    public function pending(): array
    {
        return json_decode($this->invoke('ydrz_exchange_pending', Out::Str)[0], true, flags: JSON_THROW_ON_ERROR);
    }

    /**
     * Hands over the Base64 raw signature of the pending step's input. It is verified against the configured
     * public_key before anything is sent: another key or the other algorithm throws YDRZ_E_SIGNATURE saying
     * which, and the exchange keeps waiting. Then request() is available. For a decrypt step it hands over the
     * Base64 plaintext, which must be the phone number (else YDRZ_E_CRYPTO, and the exchange keeps waiting);
     * then result() gives the login.
     */
    public function provide(string $outputBase64): void
    {
        $this->invoke('ydrz_exchange_provide', Native::text($outputBase64, 'outputBase64'));
    }

    /**
     * Answers what the exchange waits for with $signer: the signature of a 'sign' step (Signer::sign() of the
     * exact bytes, before the request exists) or the decryption of a 'decrypt' step (after finish() threw
     * DECRYPTION_PENDING: Signer::decrypt() of each RSA block, joined; result() then gives the login), handed to
     * provide(). Does nothing when the exchange waits for neither. An exception of the signer propagates, a
     * refused signature throws YDRZ_E_SIGNATURE and a plaintext that is not the phone number YDRZ_E_CRYPTO;
     * either way the exchange keeps waiting. A sign step that fails sends nothing, and closing the exchange then
     * releases its token. A null $signer throws YDRZ_E_INVALID_ARG when a step is due.
     */
    public function provideWith(?Signer $signer): void
    {
        $step = $this->pending();
        if ($step['step'] !== 'sign' && $step['step'] !== 'decrypt') {
            return;
        }
        if ($signer === null) {
            throw YdrzException::invalidArgument('the client\'s configuration has "signer": "external": give the Client a Signer (signer: ...)');
        }
        $input = base64_decode($step['input_base64'], true);
        if ($step['step'] === 'sign') {
            $output = $signer->sign($step['algorithm'], $input);
        } else {
            $output = implode('', array_map([$signer, 'decrypt'], str_split($input, $step['block_bytes'])));
        }
        $this->provide(base64_encode($output));
    }

    /** The request to send; the same at any time, also after the exchange ended (until close()). Throws
     * YDRZ_E_INVALID_ARG while the exchange waits for its signature (pending()). */
    public function request(): Request
    {
        if ($this->request === null) {
            $fields = json_decode($this->invoke('ydrz_exchange_request', Out::Str)[0], true, flags: JSON_THROW_ON_ERROR);
            $this->request = new Request(
                $fields['method'],
                $fields['url'],
                array_map(static fn (array $h): array => [$h[0], $h[1]], $fields['headers']),
                $fields['body'],
                $fields['timeout_ms'],
            );
        }
        return $this->request;
    }

    /**
     * Reads the platform's answer: the HTTP $status (100-599, any of them) and the whole response $body,
     * exactly as the blocking call does, and returns its result (['phone' => ..., 'details' => [...]] for the
     * logins, ['matched' => bool, 'details' => [...]] for the verifications) or throws its YdrzException
     * (YDRZ_E_HTTP for a non-2xx status, also a 3xx; YDRZ_E_PLATFORM; YDRZ_E_PROTOCOL, also for a body over
     * MAX_BODY). Whatever the answer, the exchange is then finished and the token stays reserved. Finishing
     * again, or after notSent(), throws YDRZ_E_INVALID_ARG; so does a status outside 100-599, which leaves the
     * exchange as it was. An answer encrypted for the external signer's key (App login in RSA mode without
     * msisdn_private_key) throws YDRZ_E_INVALID_ARG with the reason DECRYPTION_PENDING: pending() then asks for
     * the decryption, provide() (or provideWith()) takes it and result() gives the login.
     *
     * @return array<string, mixed>
     */
    public function finish(int $status, string $body): array
    {
        $length = strlen($body);
        $bytes = null;
        if ($length > 0) {
            $buffer = Native::ffi()->new("uint8_t[$length]");
            \FFI::memcpy($buffer, $body, $length);
            $bytes = \FFI::addr($buffer[0]);
        }
        $json = $this->invoke('ydrz_exchange_finish', Native::integer($status, 'status'), $bytes, $length, Out::Str)[0];
        if ($json === null) {
            throw YdrzException::invalidArgument(self::DECRYPTION_PENDING);
        }
        return json_decode($json, true, flags: JSON_THROW_ON_ERROR);
    }

    /**
     * The result once the exchange is done (ydrz_exchange_result): what finish() returned, or the login of the
     * decryption provided after it. Throws YDRZ_E_INVALID_ARG before that, or after a failed finish().
     *
     * @return array<string, mixed>
     */
    public function result(): array
    {
        return json_decode($this->invoke('ydrz_exchange_result', Out::Str)[0], true, flags: JSON_THROW_ON_ERROR);
    }

    /**
     * Ends the exchange because its request never left (connection refused, DNS or TLS handshake failure): the
     * token is released and may be sent again. Never call it once any byte of the request may have been sent
     * (a timeout or reset after connecting): close() instead, which keeps the token. Throws
     * YDRZ_E_INVALID_ARG when the exchange was already finished or declared not sent.
     */
    public function notSent(): void
    {
        $ffi = Native::ffi();
        $status = $ffi->ydrz_exchange_not_sent($this->pointer());
        if ($status !== Status::OK) {
            throw new YdrzException($status, $ffi->ydrz_status_name($status), null, 'the exchange was already finished or declared not sent');
        }
    }
}
