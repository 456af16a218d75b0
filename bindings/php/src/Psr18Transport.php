<?php

declare(strict_types=1);

namespace Ydrz;

use Psr\Http\Client\ClientExceptionInterface;
use Psr\Http\Client\ClientInterface;
use Psr\Http\Client\NetworkExceptionInterface;
use Psr\Http\Message\RequestFactoryInterface;
use Psr\Http\Message\StreamFactoryInterface;
use Psr\Http\Message\StreamInterface;

/**
 * Sends an Exchange's request through a PSR-18 client and finishes the exchange with the answer.
 *
 * The request goes out exactly as the exchange describes it (method, URL, headers in order, body). A 3xx answer
 * is never followed here: it finishes the exchange, which reports it as YDRZ_E_HTTP (the user's client must
 * not follow redirects itself; Guzzle's sendRequest() does not). At most Exchange::MAX_BODY + 1 bytes of the
 * answer are read, so a longer one is refused by the library without buffering it.
 *
 * Token ownership: a NetworkExceptionInterface for a connection that was never made (connection refused,
 * DNS or TLS handshake failure, as Guzzle's cURL error number tells) releases the token (notSent); every other
 * failure (a timeout, a reset, an exception this class cannot classify) keeps it reserved, since the request
 * may have left. PSR-18 has no per-request timeout: configure the client's own (Guzzle: `timeout`) to at most
 * the exchange's timeoutMs.
 *
 * @internal used by Client when it was given a PSR-18 client
 */
final class Psr18Transport
{
    /** cURL errors (CURLE_*) raised before any byte of the request was sent. */
    private const NOT_SENT_CURL_ERRORS = [
        5,  // COULDNT_RESOLVE_PROXY
        6,  // COULDNT_RESOLVE_HOST
        7,  // COULDNT_CONNECT
        35, // SSL_CONNECT_ERROR
        60, // PEER_FAILED_VERIFICATION
    ];

    /** cURL's CURLE_OPERATION_TIMEDOUT. */
    private const CURL_TIMEOUT = 28;

    public function __construct(
        private readonly ClientInterface $client,
        private readonly RequestFactoryInterface $requests,
        private readonly StreamFactoryInterface $streams,
    ) {
    }

    /**
     * Sends $exchange's request, has $finish (Exchange::finish() and what follows it) read the answer's status
     * and body, and closes the exchange.
     *
     * @param callable(int, string): array<string, mixed> $finish
     * @return array<string, mixed> the result of $finish
     */
    public function send(Exchange $exchange, callable $finish): array
    {
        try {
            $wanted = $exchange->request();
            $request = $this->requests->createRequest($wanted->method, $wanted->url);
            foreach ($wanted->headers as [$name, $value]) {
                $request = $request->withAddedHeader($name, $value);
            }
            $request = $request->withBody($this->streams->createStream($wanted->body));
            try {
                $response = $this->client->sendRequest($request);
            } catch (NetworkExceptionInterface $e) {
                $errno = self::curlErrno($e);
                if ($errno !== null && in_array($errno, self::NOT_SENT_CURL_ERRORS, true)) {
                    $exchange->notSent();
                    throw self::failure(Status::E_NETWORK, 'the request was not sent: ' . self::reason($e));
                }
                throw $errno === self::CURL_TIMEOUT
                    ? self::failure(Status::E_TIMEOUT, 'no answer within the HTTP client\'s timeout; the token stays used')
                    : self::failure(Status::E_NETWORK, self::reason($e) . '; the token stays used');
            } catch (ClientExceptionInterface $e) {
                throw self::failure(Status::E_NETWORK, self::reason($e) . '; the token stays used');
            }
            return $finish($response->getStatusCode(), self::readAtMost($response->getBody(), Exchange::MAX_BODY + 1));
        } finally {
            $exchange->close();
        }
    }

    private static function readAtMost(StreamInterface $stream, int $limit): string
    {
        $body = '';
        while (strlen($body) < $limit && !$stream->eof()) {
            $chunk = $stream->read($limit - strlen($body));
            if ($chunk === '') {
                break;
            }
            $body .= $chunk;
        }
        return $body;
    }

    /** The cURL error number of a Guzzle exception (its handler context), or null for another client. */
    private static function curlErrno(\Throwable $e): ?int
    {
        if (method_exists($e, 'getHandlerContext')) {
            $errno = $e->getHandlerContext()['errno'] ?? null;
            return is_int($errno) ? $errno : null;
        }
        return null;
    }

    /** The exception's kind and, for cURL, its error number; never its message, which holds the URL. */
    private static function reason(\Throwable $e): string
    {
        $errno = self::curlErrno($e);
        return 'HTTP client failure (' . get_class($e) . ($errno === null ? '' : ", cURL error $errno") . ')';
    }

    private static function failure(int $status, string $reason): YdrzException
    {
        return new YdrzException($status, Native::ffi()->ydrz_status_name($status), null, $reason);
    }
}
