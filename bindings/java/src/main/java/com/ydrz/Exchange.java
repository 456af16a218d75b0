package com.ydrz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One validation in flight whose HTTP request the application sends itself ("bring your own HTTP"): created by
 * {@link Client#onekeyBegin}, {@link Client#numberVerifyBegin}, {@link Client#appLoginBegin} or
 * {@link Client#appNumberBegin}, which reserve the token in the client's ledger.
 *
 * <p>Send {@link #request()} (method, URL, headers in order, body, never following a redirect, within
 * {@link Request#timeoutMillis()}), then pass the answer to {@link #finish(int, byte[])}. When the request
 * provably never left (connection refused, DNS or TLS handshake failure) call {@link #notSent()}, which releases
 * the token; after a timeout or reset once connected, just {@link #close()}: the token stays reserved, since it
 * may have reached the platform (tokens are single-use). Always close the exchange (try-with-resources).
 *
 * <p>Thread-safe; it may outlive its client.
 *
 * @param <T> {@link Validation} for the logins, {@link Verification} for the number verifications
 */
public final class Exchange<T> extends NativeResource {
    /** The message of what {@link #finish} throws for an answer only the external signer's key can read. */
    public static final String DECRYPTION_PENDING =
            "the answer waits for the external signer's decryption: pending(), provide(), then result()";

    private final Function<Map<String, String>, T> result;

    private Exchange(long address, Function<Map<String, String>, T> result) {
        super(address, Native::exchangeFree);
        this.result = result;
    }

    static Exchange<Validation> ofValidation(long address) {
        return new Exchange<>(address,
                r -> new Validation((String) Json.value(r.get("phone")), r.get("details")));
    }

    static Exchange<Verification> ofVerification(long address) {
        return new Exchange<>(address,
                r -> new Verification((Boolean) Json.value(r.get("matched")), r.get("details")));
    }

    /**
     * What the exchange waits for: {@code {"step":"sign","algorithm":"SHA256withRSA"|"MD5withRSA",
     * "input_base64":...}} while an external signer ({@code "signer": "external"}) must sign those bytes,
     * {@code {"step":"send"}} once the request is ready, {@code {"step":"decrypt","algorithm":
     * "RSA/ECB/PKCS1Padding","block_bytes":"128","input_base64":...}} after a {@link #finish} that said so
     * (decrypt each block with the private key and {@link #provide} the joined plaintext), and
     * {@code {"step":"done"}} once finished. Every value is given as text.
     *
     * @throws YdrzException {@link Status#INVALID_ARG} when the exchange was declared unsent
     */
    public Map<String, String> pending() {
        Map<String, String> step = new LinkedHashMap<>();
        Json.members(call(Native::exchangePending))
                .forEach((name, value) -> step.put(name, String.valueOf(Json.value(value))));
        return step;
    }

    /**
     * Hands over the Base64 raw signature of the pending step's input, or for a decrypt step the Base64
     * plaintext. A signature is verified against the configured public key before anything is sent; a plaintext
     * must be the phone number; the exchange keeps waiting when either is refused.
     *
     * @throws YdrzException {@link Status#SIGNATURE} for another key or the other algorithm (the message says
     *     which), {@link Status#CRYPTO} for a plaintext that is not the phone number, {@link Status#INVALID_ARG}
     *     when nothing is pending
     */
    public void provide(String outputBase64) {
        call(e -> {
            Native.exchangeProvide(e, outputBase64);
            return null;
        });
    }

    /**
     * The HTTP request to send; the same at any time once complete, also after the exchange ended.
     *
     * @throws YdrzException {@link Status#INVALID_ARG} while the exchange waits for its signature
     */
    public Request request() {
        return new Request(Json.members(call(Native::exchangeRequest)));
    }

    /**
     * Reads the platform's answer: its HTTP status (100-599) and the whole response body ({@code null} for
     * none). Whatever the answer, the exchange is then finished and its token stays spent. An answer encrypted
     * for the external signer's key (App login in RSA mode without {@code msisdn_private_key}) throws
     * {@link Status#INVALID_ARG} with the message {@link #DECRYPTION_PENDING}: {@link #pending()} then asks for
     * the decryption, {@link #provide} takes it and {@link #result()} gives the validation.
     *
     * @throws YdrzException as the blocking call: {@link Status#HTTP} for a non-2xx status,
     *     {@link Status#PLATFORM}, {@link Status#PROTOCOL} (also for a body over 1 MiB), {@link Status#CRYPTO};
     *     {@link Status#INVALID_ARG} when the exchange already ended or the status is out of range
     */
    public T finish(int httpStatus, byte[] body) {
        String json = call(e -> Native.exchangeFinish(e, httpStatus, body));
        if (json == null) {
            throw new YdrzException(Status.INVALID_ARG.code(), "YDRZ_E_INVALID_ARG", null, DECRYPTION_PENDING);
        }
        return result.apply(Json.members(json));
    }

    /**
     * The result of a done exchange: what {@link #finish} returned, or the validation of the decryption provided
     * after it.
     *
     * @throws YdrzException {@link Status#INVALID_ARG} before the exchange is done or after a failed finish
     */
    public T result() {
        return result.apply(Json.members(call(Native::exchangeResult)));
    }

    /**
     * Ends the exchange whose request never left, releasing its token so that it may be sent again. Never call
     * it once any byte of the request may have been sent.
     *
     * @throws YdrzException {@link Status#INVALID_ARG} when the exchange was already finished or declared unsent
     */
    public void notSent() {
        int status = call(Native::exchangeNotSent);
        if (status != Status.OK.code()) {
            throw new YdrzException(status, Native.statusName(status), null,
                    "the exchange was already finished or declared unsent");
        }
    }

    /** The HTTP request of an exchange. */
    public static final class Request {
        private final String method;
        private final String url;
        private final List<Map.Entry<String, String>> headers;
        private final String body;
        private final long timeoutMillis;

        private Request(Map<String, String> json) {
            method = (String) Json.value(json.get("method"));
            url = (String) Json.value(json.get("url"));
            List<Map.Entry<String, String>> list = new ArrayList<>();
            for (Object header : (List<?>) Json.value(json.get("headers"))) {
                List<?> pair = (List<?>) header;
                list.add(Map.entry((String) pair.get(0), (String) pair.get(1)));
            }
            headers = Collections.unmodifiableList(list);
            body = (String) Json.value(json.get("body"));
            timeoutMillis = (Long) Json.value(json.get("timeout_ms"));
        }

        /** The HTTP method, {@code "POST"}. */
        public String method() {
            return method;
        }

        /** The absolute URL. */
        public String url() {
            return url;
        }

        /** The headers to send, in order (Content-Type first); names may repeat. */
        public List<Map.Entry<String, String>> headers() {
            return headers;
        }

        /** The exact request body (UTF-8 JSON text). It carries the token: do not log it. */
        public String body() {
            return body;
        }

        /** The time allowed for the whole request, in milliseconds. */
        public long timeoutMillis() {
            return timeoutMillis;
        }

        /** Method and URL only (the body carries the token). */
        @Override
        public String toString() {
            return "Request{" + method + " " + url + "}";
        }
    }
}
