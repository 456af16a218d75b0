<?php

declare(strict_types=1);

namespace Ydrz;

use Psr\Http\Client\ClientInterface;
use Psr\Http\Message\RequestFactoryInterface;
use Psr\Http\Message\StreamFactoryInterface;

/**
 * A platform client: configuration, keys (parsed once), one HTTP agent with keep-alive, and the ledger of
 * tokens already sent. $config is the JSON configuration of ydrz_client_new, as an array or JSON text, with
 * the library's own keys (app_id, app_key, private_key, platform_public_key, base_url, timeout_ms, ...; see
 * the repository README). An unknown key throws YDRZ_E_INVALID_ARG naming it.
 *
 * The validation methods block for at most the configured timeout_ms per attempt (PHP's request model).
 * Each token is sent at most once per client: a second call with it throws YDRZ_E_TOKEN_REUSED without a
 * request. A non-success platform answer throws YDRZ_E_PLATFORM with getPlatformCode().
 *
 * Bring your own HTTP: pass a PSR-18 $httpClient with its PSR-17 $requestFactory and $streamFactory (e.g.
 * Guzzle's Client and GuzzleHttp\Psr7\HttpFactory for both) and the four validation methods send through it
 * instead of the library's built-in transport (see Psr18Transport for who owns the token when). The client
 * must not follow redirects (Guzzle's sendRequest() never does) and should time out within timeout_ms.
 * The *Begin methods return an Exchange for any other HTTP stack.
 *
 * External signer: with "signer": "external" and the customer key's "public_key" instead of "private_key" in
 * $config, pass the $signer that holds the key (an HSM, a cloud KMS; see Signer) together with the PSR-18
 * client: the validation methods ask it for each signature before sending through that client (the library's
 * built-in transport cannot call back into PHP, so a signer without a PSR-18 client is refused here).
 */
final class Client extends Handle
{
    private readonly ?Psr18Transport $transport;

    /** @param array<string, mixed>|string $config */
    public function __construct(
        array|string|null $config,
        ?ClientInterface $httpClient = null,
        ?RequestFactoryInterface $requestFactory = null,
        ?StreamFactoryInterface $streamFactory = null,
        private readonly ?Signer $signer = null,
    ) {
        $given = array_filter([$httpClient, $requestFactory, $streamFactory], static fn ($x) => $x !== null);
        if ($given !== [] && count($given) !== 3) {
            throw YdrzException::invalidArgument('httpClient, requestFactory and streamFactory go together');
        }
        if ($signer !== null && $given === []) {
            throw YdrzException::invalidArgument('a signer sends through a PSR-18 client: give httpClient, requestFactory and streamFactory too');
        }
        $json = is_array($config) ? json_encode($config, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES) : $config;
        parent::__construct(Native::create('ydrz_client_new', 'ydrz_client', Native::text($json, 'config')));
        $this->transport = $given === [] ? null : new Psr18Transport($httpClient, $requestFactory, $streamFactory);
    }

    protected static function freeFunction(): string
    {
        return 'ydrz_client_free';
    }

    /** Replaces the whole configuration (keys, secrets, URLs, timeouts) without a restart, atomically: calls
     * already running finish on the configuration they began with, and the ledger of sent tokens carries over.
     * Another app_id is refused (a different client); any error leaves the configuration in force
     * (ydrz_client_reconfigure).
     * @param array<string, mixed>|string|null $config */
    public function reconfigure(array|string|null $config): void
    {
        $json = is_array($config) ? json_encode($config, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES) : $config;
        $this->invoke('ydrz_client_reconfigure', Native::text($json, 'config'));
    }

    /** Per interface, counts by outcome and a latency histogram with fixed buckets (ydrz_client_stats).
     * @return array<string, mixed> */
    public function stats(): array
    {
        return self::decode($this->invoke('ydrz_client_stats', Out::Str, Out::StatusOnly)[0]);
    }

    /** Parameters for the mini-program's YDRZ.getTokenInfo (appId, traceId, msgId, timestamp, version,
     * businessType, sign), with a fresh traceId and the current UTC+8 timestamp. Needs app_key.
     * @return array<string, string> */
    public function jssdkParams(): array
    {
        return self::decode($this->invoke('ydrz_client_jssdk_params', Out::Str)[0]);
    }

    /** Signs the number-verification jssdk preSign in the configured `presign` style. Needs private_key. */
    public function presignSign(?string $presign): string
    {
        return $this->invoke('ydrz_client_presign_sign', Native::text($presign, 'presign'), Out::Str)[0];
    }

    /** For "signer": "external": the preSign signature the host must make, ['step' => 'sign', 'algorithm' => ...,
     * 'input_base64' => the exact bytes of $presign]; hand the raw signature to presignAccept(). A client holding
     * its private_key throws YDRZ_E_INVALID_ARG (use presignSign()).
     * @return array<string, string> */
    public function presignStep(?string $presign): array
    {
        return self::decode($this->invoke('ydrz_client_presign_step', Native::text($presign, 'presign'), Out::Str)[0]);
    }

    /** The preSign sign from the host's Base64 raw signature of presignStep()'s bytes: verified against
     * public_key (another key or algorithm throws YDRZ_E_SIGNATURE saying which), encoded as presignSign()
     * encodes it. */
    public function presignAccept(?string $presign, ?string $signatureBase64): string
    {
        return $this->invoke(
            'ydrz_client_presign_accept',
            Native::text($presign, 'presign'),
            Native::text($signatureBase64, 'signature_base64'),
            Out::Str,
        )[0];
    }

    /** presignSign() for "signer": "external": $signer (default: the client's) signs the preSign's bytes, and
     * the signature is verified before the encoded sign is returned. */
    public function presignSignWith(?string $presign, ?Signer $signer = null): string
    {
        $step = $this->presignStep($presign);
        $signer ??= $this->signer;
        if ($signer === null) {
            throw YdrzException::invalidArgument('presignSignWith needs a Signer (signer: ...)');
        }
        $signature = $signer->sign($step['algorithm'], base64_decode($step['input_base64'], true));
        return $this->presignAccept($presign, base64_encode($signature));
    }

    /** One-click login (mini-program / H5). $userInformation is passed exactly as the jssdk returned it.
     * @return array{phone: string, details: array<string, mixed>} */
    public function onekeyValidate(?string $token, ?string $userInformation, ?string $expandParams = null): array
    {
        if ($this->transport !== null) {
            return $this->send($this->onekeyBegin($token, $userInformation, $expandParams));
        }
        [$phone, $details] = $this->invoke(
            'ydrz_client_onekey_validate',
            Native::text($token, 'token'),
            Native::text($userInformation, 'userInformation'),
            Native::text($expandParams, 'expandParams'),
            Out::Str,
            Out::Str,
        );
        return ['phone' => $phone, 'details' => self::decode($details)];
    }

    /** Number verification (mini-program / H5): whether $phone is the device's own number. Needs app_key,
     * private_key and platform_public_key.
     * @return array{matched: bool, details: array<string, mixed>} */
    public function numberVerify(?string $token, ?string $userInformation, ?string $phone, ?string $expandParams = null): array
    {
        if ($this->transport !== null) {
            return $this->send($this->numberVerifyBegin($token, $userInformation, $phone, $expandParams));
        }
        [$matched, $details] = $this->invoke(
            'ydrz_client_number_verify',
            Native::text($token, 'token'),
            Native::text($userInformation, 'userInformation'),
            Native::text($phone, 'phone'),
            Native::text($expandParams, 'expandParams'),
            Out::I32,
            Out::Str,
        );
        return ['matched' => $matched === 1, 'details' => self::decode($details)];
    }

    /** App one-click login (loginTokenValidate).
     * @return array{phone: string, details: array<string, mixed>} */
    public function appLoginValidate(?string $token, ?string $expandParams = null): array
    {
        if ($this->transport !== null) {
            return $this->send($this->appLoginBegin($token, $expandParams));
        }
        [$phone, $details] = $this->invoke(
            'ydrz_client_app_login_validate',
            Native::text($token, 'token'),
            Native::text($expandParams, 'expandParams'),
            Out::Str,
            Out::Str,
        );
        return ['phone' => $phone, 'details' => self::decode($details)];
    }

    /** App number verification (/openapi/rs/tokenValidate).
     * @return array{matched: bool, details: array<string, mixed>} */
    public function appNumberVerify(?string $token, ?string $phone, ?string $expandParams = null): array
    {
        if ($this->transport !== null) {
            return $this->send($this->appNumberBegin($token, $phone, $expandParams));
        }
        [$matched, $details] = $this->invoke(
            'ydrz_client_app_number_verify',
            Native::text($token, 'token'),
            Native::text($phone, 'phone'),
            Native::text($expandParams, 'expandParams'),
            Out::I32,
            Out::Str,
        );
        return ['matched' => $matched === 1, 'details' => self::decode($details)];
    }

    /** Begins a one-click login without sending it (inputs and checks of onekeyValidate()): the token is
     * reserved and the Exchange holds the request; its finish() returns onekeyValidate()'s result. */
    public function onekeyBegin(?string $token, ?string $userInformation, ?string $expandParams = null): Exchange
    {
        return Exchange::begin(
            'ydrz_client_onekey_begin',
            $this,
            Native::text($token, 'token'),
            Native::text($userInformation, 'userInformation'),
            Native::text($expandParams, 'expandParams'),
        );
    }

    /** Begins a number verification without sending it (inputs and checks of numberVerify()). */
    public function numberVerifyBegin(?string $token, ?string $userInformation, ?string $phone, ?string $expandParams = null): Exchange
    {
        return Exchange::begin(
            'ydrz_client_number_verify_begin',
            $this,
            Native::text($token, 'token'),
            Native::text($userInformation, 'userInformation'),
            Native::text($phone, 'phone'),
            Native::text($expandParams, 'expandParams'),
        );
    }

    /** Begins an App one-click login without sending it (inputs and checks of appLoginValidate()). */
    public function appLoginBegin(?string $token, ?string $expandParams = null): Exchange
    {
        return Exchange::begin(
            'ydrz_client_app_login_begin',
            $this,
            Native::text($token, 'token'),
            Native::text($expandParams, 'expandParams'),
        );
    }

    /** Begins an App number verification without sending it (inputs and checks of appNumberVerify()). */
    public function appNumberBegin(?string $token, ?string $phone, ?string $expandParams = null): Exchange
    {
        return Exchange::begin(
            'ydrz_client_app_number_begin',
            $this,
            Native::text($token, 'token'),
            Native::text($phone, 'phone'),
            Native::text($expandParams, 'expandParams'),
        );
    }

    /**
     * Has the signer answer what $exchange waits for, then sends it through the PSR-18 transport; an answer
     * encrypted to the signer's key (App login in RSA mode) is decrypted by the signer.
     *
     * @return array<string, mixed> the validation's result
     */
    private function send(Exchange $exchange): array
    {
        try {
            $exchange->provideWith($this->signer);
        } catch (\Throwable $e) {
            $exchange->close();
            throw $e;
        }
        return $this->transport->send($exchange, function (int $status, string $body) use ($exchange): array {
            try {
                return $exchange->finish($status, $body);
            } catch (YdrzException $e) {
                if ($e->getReason() !== Exchange::DECRYPTION_PENDING) {
                    throw $e;
                }
            }
            $exchange->provideWith($this->signer);
            return $exchange->result();
        });
    }

    /** @return array<string, mixed> */
    private static function decode(string $json): array
    {
        return json_decode($json, true, flags: JSON_THROW_ON_ERROR);
    }
}
