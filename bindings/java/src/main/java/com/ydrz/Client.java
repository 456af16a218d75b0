package com.ydrz;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A client of the platform's token-verification interfaces: its configuration, keys (parsed once), one HTTP
 * agent with keep-alive, and the ledger of tokens already sent.
 *
 * <p>Thread-safe: share one instance between all threads of the application (creating one per request throws
 * away the parsed keys and the kept-alive connections). Close it with {@link #close()} when the application
 * stops; calls that start after that throw {@link IllegalStateException}, calls running at that moment finish
 * first.
 *
 * <p>Network calls block up to the configured {@code timeout_ms}. Errors are {@link YdrzException}s:
 * {@link Status#PLATFORM} with {@link YdrzException#platformCode()} for a non-success result code,
 * {@link Status#TOKEN_REUSED} for a token this client already sent (tokens are single-use, so it is not sent
 * again), {@link Status#NETWORK}, {@link Status#TIMEOUT}, {@link Status#HTTP}, {@link Status#PROTOCOL} for
 * transport problems, {@link Status#NULL_ARG} / {@link Status#INVALID_ARG} for bad arguments. A token that
 * may have reached the platform is never sent twice, not even after a timeout.
 */
public final class Client extends NativeResource {
    private final Supplier<HttpClient> http;
    private final int retries;
    /** Makes the signatures of a client configured with {@code "signer": "external"}; else {@code null}. */
    private final ExternalSigner signer;

    private Client(long address, Supplier<HttpClient> http, int retries, ExternalSigner signer) {
        super(address, Native::clientFree);
        this.http = http;
        this.retries = retries;
        this.signer = signer;
    }

    /**
     * Creates a client from its JSON configuration: {@code app_id} (required), {@code app_key},
     * {@code app_secret}, {@code private_key}, {@code platform_public_key}, {@code base_url} (default
     * {@code https://www.cmpassport.com}; {@code http://} only for loopback), timeouts, and the per-interface
     * sections {@code jssdk}, {@code presign}, {@code onekey}, {@code number_verify}, {@code app_login},
     * {@code app_number} (see the C library's README).
     *
     * <p>Validations are sent with a {@code java.net.http.HttpClient} built from the configuration, built on
     * first use: {@code connect_timeout_ms}, {@code timeout_ms}, {@code retries}, {@code proxy} (an HTTP CONNECT
     * proxy {@code http://host:port}), {@code ca_cert_pem} (trusted in addition to the JDK's roots), TLS always
     * verified, no redirect followed, at most 1 MiB of answer read.
     *
     * @return a new client, owned by the caller, who must {@link #close()} it (try-with-resources) when done
     * @throws YdrzException {@link Status#INVALID_ARG} naming an unknown or malformed key, or a {@code proxy}
     *     with credentials or TLS to the proxy (use {@link #create(String, HttpClient)} for those),
     *     {@link Status#KEY} for a key that cannot be loaded
     */
    public static Client create(String configJson) {
        return open(configJson, null, null);
    }

    /**
     * As {@link #create(String)}, for a configuration with {@code "signer": "external"} and the customer
     * {@code public_key} instead of {@code private_key}: every validation, blocking and {@code *Async}, has its
     * signature made by {@code signer} (and, for App login in RSA mode without
     * {@code app_login.msisdn_private_key}, its msisdn decrypted), checked against {@code public_key} before
     * anything is sent. See {@link ExternalSigner} for the threads it is called on.
     *
     * <p>A validation whose signer fails to sign throws {@link ExternalSignerException} (the future fails with
     * it), and one whose signature is refused throws {@link YdrzException} {@link Status#SIGNATURE}; both before
     * anything was sent, with the token released. The signer stays through {@link #reconfigure}; it is asked
     * only while the configuration in force says {@code "signer": "external"}.
     *
     * @throws IllegalArgumentException when the configuration does not say {@code "signer": "external"}
     */
    public static Client create(String configJson, ExternalSigner signer) {
        return open(configJson, null, Objects.requireNonNull(signer, "signer"));
    }

    /** As {@link #create(String, ExternalSigner)}, sending with {@code http} as {@link #create(String, HttpClient)}. */
    public static Client create(String configJson, HttpClient http, ExternalSigner signer) {
        return open(configJson, HttpTransport.checked(http), Objects.requireNonNull(signer, "signer"));
    }

    /**
     * The client of a configuration, sending with {@code http} (checked) or else with its own, and with the
     * signer (nullable), which the configuration must ask for.
     */
    private static Client open(String configJson, HttpClient http, ExternalSigner signer) {
        long address = Native.clientNew(configJson);
        try {
            Map<String, String> config = Json.members(configJson);
            String style = config.get("signer");
            if (signer != null && (style == null || !"external".equals(Json.value(style)))) {
                throw new IllegalArgumentException("an ExternalSigner is used only with \"signer\": \"external\""
                        + " (and public_key instead of private_key) in the configuration");
            }
            Supplier<HttpClient> transport = http == null ? new DefaultHttpClient(config) : () -> http;
            return new Client(address, transport, HttpTransport.retries(config), signer);
        } catch (RuntimeException e) {
            Native.clientFree(address);
            throw e;
        }
    }

    /**
     * As {@link #create(String)}, with the {@code HttpClient} that all validations, blocking and
     * {@code *Async}, send with (its proxy, TLS context, executor, connection pool); {@code timeout_ms},
     * {@code retries} and the 1 MiB answer limit still apply per request, while {@code connect_timeout_ms},
     * {@code proxy} and {@code ca_cert_pem} are then the {@code HttpClient}'s business.
     *
     * @param http must not follow redirects ({@link HttpClient.Redirect#NEVER}: a redirect would resend the
     *     token); the request timeout is set per request from {@code timeout_ms}
     * @throws IllegalArgumentException when {@code http} follows redirects
     */
    public static Client create(String configJson, HttpClient http) {
        return open(configJson, HttpTransport.checked(http), null);
    }

    /** Begins an exchange and sends it; a failure to begin is a failed future. */
    private <T> CompletableFuture<T> sendAsync(Supplier<Exchange<T>> begin) {
        Exchange<T> exchange;
        try {
            exchange = begin.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return HttpTransport.send(http.get(), exchange, retries, signer);
    }

    /** Begins an exchange and sends it, waiting for the answer (a virtual thread parks, never pins). */
    private <T> T send(Exchange<T> exchange) {
        return HttpTransport.sendAndWait(http.get(), exchange, retries, signer);
    }

    /**
     * Parameters for the mini-program's {@code YDRZ.getTokenInfo} as JSON
     * {@code {"appId","traceId","msgId","timestamp","version","businessType","sign"}}, with a fresh traceId and
     * the current UTC+8 timestamp. Needs {@code app_key}.
     */
    public String jssdkParams() {
        return call(Native::clientJssdkParams);
    }

    /**
     * Replaces the whole configuration (keys, secrets, URLs, timeouts; the JSON of {@link #create(String)})
     * without a restart, atomically: calls already running finish on the configuration they began with, and the
     * ledger of sent tokens carries over. Another {@code app_id} is refused (a different client); any error
     * leaves the configuration in force. Safe while other threads validate ({@code ydrz_client_reconfigure}).
     */
    public void reconfigure(String configJson) {
        call(c -> {
            Native.clientReconfigure(c, configJson);
            return null;
        });
    }

    /**
     * The JSON of {@code ydrz_client_stats}: per interface, counts by outcome and a latency histogram with
     * fixed buckets, since the client was created.
     */
    public String stats() {
        return call(Native::clientStats);
    }

    /**
     * Signs the jssdk preSign of number verification with the configured {@code presign} style: with the
     * configured {@code private_key}, or for a client created with an {@link ExternalSigner}, by the signer
     * ({@link ExternalSigner#sign}, on this thread), its signature checked against {@code public_key}.
     *
     * @throws ExternalSignerException when the signer fails
     * @throws YdrzException {@link Status#SIGNATURE} when the signer's signature is not the configured key's, or
     *     not made with the preSign's algorithm
     */
    public String presignSign(String presign) {
        if (signer == null) {
            return call(c -> Native.clientPresignSign(c, presign));
        }
        String signature = Signing.await(Signing.sign(Signing.blocking(signer), presignStep(presign)));
        return presignAccept(presign, signature);
    }

    /**
     * The preSign signature an external signer must make: {@code {"step":"sign","algorithm":"MD5withRSA"|
     * "SHA256withRSA","input_base64":...}}, the exact bytes of {@code presign} and the configured algorithm.
     * Hand the raw signature to {@link #presignAccept}. No I/O.
     *
     * @throws YdrzException {@link Status#INVALID_ARG} for a client that signs with its {@code private_key}, or an
     *     empty {@code presign}
     */
    public Map<String, String> presignStep(String presign) {
        return Json.texts(call(c -> Native.clientPresignStep(c, presign)));
    }

    /**
     * The preSign sign made of the external signer's raw signature (Base64) of {@link #presignStep}'s bytes for
     * the same {@code presign}: verified against {@code public_key} and written in the configured encoding, as
     * {@link #presignSign} writes it. No I/O.
     *
     * @throws YdrzException {@link Status#SIGNATURE} for another key or the other algorithm (the message says
     *     which), {@link Status#INVALID_ARG} for text that is not Base64, an empty {@code presign} or a client
     *     that signs with its {@code private_key}
     */
    public String presignAccept(String presign, String signatureBase64) {
        return call(c -> Native.clientPresignAccept(c, presign, signatureBase64));
    }

    /**
     * One-click login (mini-program / H5): validates the token and returns the phone number.
     *
     * @param userInformation exactly as the jssdk returned it (never URL-decode it)
     * @param expandParams    nullable
     */
    public Validation onekeyValidate(String token, String userInformation, String expandParams) {
        return send(onekeyBegin(token, userInformation, expandParams));
    }

    /** {@link #onekeyValidate(String, String, String)} without expandParams. */
    public Validation onekeyValidate(String token, String userInformation) {
        return onekeyValidate(token, userInformation, null);
    }

    /**
     * Number verification (mini-program / H5): whether {@code phone} (11 digits, as the user typed it) is the
     * number of the device that got the token.
     *
     * @param expandParams nullable
     * @throws YdrzException {@link Status#PLATFORM} for any answer other than match / no match
     */
    public Verification numberVerify(String token, String userInformation, String phone, String expandParams) {
        return send(numberVerifyBegin(token, userInformation, phone, expandParams));
    }

    /** {@link #numberVerify(String, String, String, String)} without expandParams. */
    public Verification numberVerify(String token, String userInformation, String phone) {
        return numberVerify(token, userInformation, phone, null);
    }

    /**
     * App one-click login: validates the SDK token in the configured {@code app_login.mode} and returns the
     * phone number.
     *
     * @param expandParams nullable
     */
    public Validation appLoginValidate(String token, String expandParams) {
        return send(appLoginBegin(token, expandParams));
    }

    /** {@link #appLoginValidate(String, String)} without expandParams. */
    public Validation appLoginValidate(String token) {
        return appLoginValidate(token, null);
    }

    /**
     * App number verification with the configured {@code app_number.key_type}.
     *
     * @param expandParams nullable
     */
    public Verification appNumberVerify(String token, String phone, String expandParams) {
        return send(appNumberBegin(token, phone, expandParams));
    }

    /** {@link #appNumberVerify(String, String, String)} without expandParams. */
    public Verification appNumberVerify(String token, String phone) {
        return appNumberVerify(token, phone, null);
    }

    /**
     * Begins {@link #onekeyValidate(String, String, String)} without sending it: the same checks, the token
     * reserved, and an {@link Exchange} holding the request for the application's own HTTP client.
     *
     * @param expandParams nullable
     * @return a new exchange, owned by the caller, who must close it
     * @throws YdrzException {@link Status#TOKEN_REUSED} for a token this client already sent, or as the blocking
     *     call for bad arguments
     */
    public Exchange<Validation> onekeyBegin(String token, String userInformation, String expandParams) {
        return Exchange.ofValidation(call(c -> Native.clientOnekeyBegin(c, token, userInformation, expandParams)));
    }

    /** Begins {@link #numberVerify(String, String, String, String)}; see {@link #onekeyBegin}. */
    public Exchange<Verification> numberVerifyBegin(String token, String userInformation, String phone,
            String expandParams) {
        return Exchange.ofVerification(
                call(c -> Native.clientNumberVerifyBegin(c, token, userInformation, phone, expandParams)));
    }

    /** Begins {@link #appLoginValidate(String, String)}; see {@link #onekeyBegin}. */
    public Exchange<Validation> appLoginBegin(String token, String expandParams) {
        return Exchange.ofValidation(call(c -> Native.clientAppLoginBegin(c, token, expandParams)));
    }

    /** Begins {@link #appNumberVerify(String, String, String)}; see {@link #onekeyBegin}. */
    public Exchange<Verification> appNumberBegin(String token, String phone, String expandParams) {
        return Exchange.ofVerification(call(c -> Native.clientAppNumberBegin(c, token, phone, expandParams)));
    }

    /**
     * {@link #onekeyValidate(String, String, String)} sent with this client's {@code java.net.http.HttpClient}
     * (see {@link #create(String, HttpClient)}); the calling thread never blocks.
     *
     * <p>The future fails with the blocking call's {@link YdrzException} ({@link Status#TOKEN_REUSED},
     * {@link Status#NETWORK}, {@link Status#TIMEOUT}, {@link Status#HTTP}, {@link Status#PLATFORM} ...). The token
     * is single-use: only a failure before anything was sent (connection refused, unresolved host, connect timeout,
     * TLS handshake) releases it for another try; after a timeout, a reset or {@code cancel(true)} (which aborts
     * the request on Java 16 and later) it stays spent. At most 1 MiB of the answer is read.
     *
     * @param expandParams nullable
     */
    public CompletableFuture<Validation> onekeyValidateAsync(String token, String userInformation,
            String expandParams) {
        return sendAsync(() -> onekeyBegin(token, userInformation, expandParams));
    }

    /** {@link #numberVerify(String, String, String, String)} as {@link #onekeyValidateAsync} sends it. */
    public CompletableFuture<Verification> numberVerifyAsync(String token, String userInformation, String phone,
            String expandParams) {
        return sendAsync(() -> numberVerifyBegin(token, userInformation, phone, expandParams));
    }

    /** {@link #appLoginValidate(String, String)} as {@link #onekeyValidateAsync} sends it. */
    public CompletableFuture<Validation> appLoginValidateAsync(String token, String expandParams) {
        return sendAsync(() -> appLoginBegin(token, expandParams));
    }

    /** {@link #appNumberVerify(String, String, String)} as {@link #onekeyValidateAsync} sends it. */
    public CompletableFuture<Verification> appNumberVerifyAsync(String token, String phone, String expandParams) {
        return sendAsync(() -> appNumberBegin(token, phone, expandParams));
    }
}
