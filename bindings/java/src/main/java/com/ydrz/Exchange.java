package com.ydrz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * <p>With an external signer ({@code "signer": "external"}) the exchange first waits for its signature:
 * {@link #pending()} says what to sign and {@link #provide(String)} hands it back, or {@link #signWith} does both
 * with an {@link ExternalSigner}. Closing an exchange that still waits for its signature releases its token
 * (its request never existed). An answer only the signer's key can read (App login in RSA mode) is finished with
 * {@link #finish(int, byte[], ExternalSigner)}, or step by step: {@link #pending()}, {@link #provide(String)},
 * {@link #result()}.
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
        return Json.texts(call(Native::exchangePending));
    }

    /**
     * Makes the pending signature with {@code signer} ({@link ExternalSigner#sign}, on this thread) and provides
     * it; does nothing when the exchange waits for no signature (a client that signs with its
     * {@code private_key}). Then {@link #request()} is available.
     *
     * @throws ExternalSignerException when the signer fails; the exchange keeps waiting
     * @throws YdrzException {@link Status#SIGNATURE} when the signature is not the configured key's, or not
     *     made with the pending algorithm (nothing is sent; the exchange keeps waiting)
     */
    public void signWith(ExternalSigner signer) {
        Signing.await(signWithAsync(Signing.blocking(signer)));
    }

    /** {@link #signWith} through {@link ExternalSigner#signAsync}; the future fails as {@code signWith} throws. */
    CompletableFuture<Void> signWithAsync(ExternalSigner signer) {
        try {
            Map<String, String> step = pending();
            if (!"sign".equals(step.get("step"))) {
                return CompletableFuture.completedFuture(null);
            }
            return Signing.sign(signer, step).thenAccept(this::provide);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
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
        T value = answer(httpStatus, body);
        if (value == null) {
            throw new YdrzException(Status.INVALID_ARG.code(), "YDRZ_E_INVALID_ARG", null, DECRYPTION_PENDING);
        }
        return value;
    }

    /**
     * {@link #finish(int, byte[])} for a client with an external signer: an answer encrypted for the signer's
     * key is decrypted by {@code signer} ({@link ExternalSigner#decrypt} once per block, on this thread) and its
     * result returned.
     *
     * @throws ExternalSignerException when the signer fails; the exchange keeps waiting for the plaintext
     * @throws YdrzException as {@link #finish(int, byte[])}, and {@link Status#CRYPTO} when the signer's
     *     plaintext is not the phone number (the exchange keeps waiting)
     */
    public T finish(int httpStatus, byte[] body, ExternalSigner signer) {
        ExternalSigner blocking = Signing.blocking(signer);
        T value = answer(httpStatus, body);
        return value != null ? value : Signing.await(decryptWithAsync(blocking));
    }

    /** Reads the answer as {@link #finish(int, byte[])}; {@code null} when it waits for the host's decryption. */
    T answer(int httpStatus, byte[] body) {
        String json = call(e -> Native.exchangeFinish(e, httpStatus, body));
        return json == null ? null : result.apply(Json.members(json));
    }

    /**
     * The pending decryption made by {@code signer} ({@link ExternalSigner#decryptAsync} block after block),
     * provided, and the result; fails as {@link #finish(int, byte[], ExternalSigner)} throws.
     */
    CompletableFuture<T> decryptWithAsync(ExternalSigner signer) {
        try {
            Map<String, String> step = pending();
            String algorithm = step.get("algorithm");
            int blockBytes = Integer.parseInt(step.get("block_bytes"));
            byte[] input = Base64.getDecoder().decode(step.get("input_base64"));
            CompletableFuture<ByteArrayOutputStream> plaintext =
                    CompletableFuture.completedFuture(new ByteArrayOutputStream());
            for (int at = 0; at < input.length; at += blockBytes) {
                byte[] block = Arrays.copyOfRange(input, at, Math.min(input.length, at + blockBytes));
                plaintext = plaintext.thenCompose(out -> Signing.call("decrypt (" + algorithm + ")",
                        () -> signer.decryptAsync(algorithm, block)).thenApply(part -> {
                            out.writeBytes(part);
                            return out;
                        }));
            }
            return plaintext.thenApply(out -> {
                provide(Base64.getEncoder().encodeToString(out.toByteArray()));
                return result();
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
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
