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
     * 'input_base64' => ...] while an external signer ("signer": "external") must sign those bytes, else
     * ['step' => 'send']. Throws YDRZ_E_INVALID_ARG once the exchange ended.
     *
     * @return array<string, string>
     */
    public function pending(): array
    {
        return json_decode($this->invoke('ydrz_exchange_pending', Out::Str)[0], true, flags: JSON_THROW_ON_ERROR);
    }

    /**
     * Hands over the Base64 raw signature of the pending step's input. It is verified against the configured
     * public_key before anything is sent: another key or the other algorithm throws YDRZ_E_SIGNATURE saying
     * which, and the exchange keeps waiting. Then request() is available.
     */
    public function provide(string $outputBase64): void
    {
        $this->invoke('ydrz_exchange_provide', Native::text($outputBase64, 'outputBase64'));
    }

    /**
     * Answers what the exchange waits for with $signer: the signature of a 'sign' step (Signer::sign() of the
     * exact bytes, handed to provide()). Does nothing when the exchange waits for no external operation. An
     * exception of the signer propagates and a refused signature throws YDRZ_E_SIGNATURE; either way nothing
     * was sent and the exchange keeps waiting (closing it releases its token). A null $signer throws
     * YDRZ_E_INVALID_ARG when a step is due.
     */
    public function provideWith(?Signer $signer): void
    {
        $step = $this->pending();
        if ($step['step'] !== 'sign') {
            return;
        }
        if ($signer === null) {
            throw YdrzException::invalidArgument('the client\'s configuration has "signer": "external": give the Client a Signer (signer: ...)');
        }
        $this->provide(base64_encode($signer->sign($step['algorithm'], base64_decode($step['input_base64'], true))));
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
     * exchange as it was.
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
        return json_decode($json, true, flags: JSON_THROW_ON_ERROR);
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
