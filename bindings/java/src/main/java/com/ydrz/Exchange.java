package com.ydrz;

import java.util.ArrayList;
import java.util.Collections;
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

    /** The HTTP request to send; the same at any time, also after the exchange ended. */
    public Request request() {
        return new Request(Json.members(call(Native::exchangeRequest)));
    }

    /**
     * Reads the platform's answer: its HTTP status (100-599) and the whole response body ({@code null} for
     * none). Whatever the answer, the exchange is then finished and its token stays spent.
     *
     * @throws YdrzException as the blocking call: {@link Status#HTTP} for a non-2xx status,
     *     {@link Status#PLATFORM}, {@link Status#PROTOCOL} (also for a body over 1 MiB), {@link Status#CRYPTO};
     *     {@link Status#INVALID_ARG} when the exchange already ended or the status is out of range
     */
    public T finish(int httpStatus, byte[] body) {
        return result.apply(Json.members(call(e -> Native.exchangeFinish(e, httpStatus, body))));
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
