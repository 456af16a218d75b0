package com.ydrz;

import java.net.http.HttpClient;
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

    private Client(long address, Supplier<HttpClient> http) {
        super(address, Native::clientFree);
        this.http = http;
    }

    /**
     * Creates a client from its JSON configuration: {@code app_id} (required), {@code app_key},
     * {@code app_secret}, {@code private_key}, {@code platform_public_key}, {@code base_url} (default
     * {@code https://www.cmpassport.com}; {@code http://} only for loopback), timeouts, and the per-interface
     * sections {@code jssdk}, {@code presign}, {@code onekey}, {@code number_verify}, {@code app_login},
     * {@code app_number} (see the C library's README).
     *
     * @return a new client, owned by the caller, who must {@link #close()} it (try-with-resources) when done
     * @throws YdrzException {@link Status#INVALID_ARG} naming an unknown or malformed key, {@link Status#KEY}
     *     for a key that cannot be loaded
     */
    public static Client create(String configJson) {
        long address = Native.clientNew(configJson);
        return new Client(address, new DefaultHttp(configJson));
    }

    /**
     * As {@link #create(String)}, with the {@code HttpClient} that the {@code *Async} methods send with (its
     * proxy, TLS context, executor, connection pool); the blocking methods keep the built-in client.
     *
     * @param http must not follow redirects ({@link HttpClient.Redirect#NEVER}: a redirect would resend the
     *     token); the request timeout is set per request from {@code timeout_ms}
     * @throws IllegalArgumentException when {@code http} follows redirects
     */
    public static Client create(String configJson, HttpClient http) {
        HttpClient checked = HttpTransport.checked(http);
        return new Client(Native.clientNew(configJson), () -> checked);
    }

    /** The default HttpClient of {@link #create(String)}, built on the first asynchronous call. */
    private static final class DefaultHttp implements Supplier<HttpClient> {
        private final String configJson;
        private HttpClient http;

        DefaultHttp(String configJson) {
            this.configJson = configJson;
        }

        @Override
        public synchronized HttpClient get() {
            if (http == null) {
                http = HttpTransport.defaultClient(configJson);
            }
            return http;
        }
    }

    /** Begins an exchange and sends it; a failure to begin is a failed future. */
    private <T> CompletableFuture<T> sendAsync(Supplier<Exchange<T>> begin) {
        Exchange<T> exchange;
        try {
            exchange = begin.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return HttpTransport.send(http.get(), exchange);
    }

    /**
     * Parameters for the mini-program's {@code YDRZ.getTokenInfo} as JSON
     * {@code {"appId","traceId","msgId","timestamp","version","businessType","sign"}}, with a fresh traceId and
     * the current UTC+8 timestamp. Needs {@code app_key}.
     */
    public String jssdkParams() {
        return call(Native::clientJssdkParams);
    }

    /** Signs the jssdk preSign of number verification with the configured {@code presign} style. */
    public String presignSign(String presign) {
        return call(c -> Native.clientPresignSign(c, presign));
    }

    /**
     * One-click login (mini-program / H5): validates the token and returns the phone number.
     *
     * @param userInformation exactly as the jssdk returned it (never URL-decode it)
     * @param expandParams    nullable
     */
    public Validation onekeyValidate(String token, String userInformation, String expandParams) {
        String[] details = new String[1];
        String phone = call(c -> Native.clientOnekeyValidate(c, token, userInformation, expandParams, details));
        return new Validation(phone, details[0]);
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
        String[] details = new String[1];
        int matched = call(c -> Native.clientNumberVerify(c, token, userInformation, phone, expandParams, details));
        return new Verification(matched == 1, details[0]);
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
        String[] details = new String[1];
        String phone = call(c -> Native.clientAppLoginValidate(c, token, expandParams, details));
        return new Validation(phone, details[0]);
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
        String[] details = new String[1];
        int matched = call(c -> Native.clientAppNumberVerify(c, token, phone, expandParams, details));
        return new Verification(matched == 1, details[0]);
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
