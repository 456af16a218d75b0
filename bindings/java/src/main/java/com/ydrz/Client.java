package com.ydrz;

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
    private Client(long address) {
        super(address, Native::clientFree);
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
        return new Client(Native.clientNew(configJson));
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
}
