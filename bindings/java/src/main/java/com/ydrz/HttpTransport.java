package com.ydrz;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLHandshakeException;

/**
 * Sends {@link Exchange}s with a {@code java.net.http.HttpClient}, keeping the transport rules of the library:
 * the request exactly as described, within its timeout, no redirect followed, at most 1 MiB of answer read, and a
 * token released only when the request provably never left.
 */
final class HttpTransport {
    /** The largest answer the library reads; one byte more is passed on so that it reports the excess. */
    static final int BODY_LIMIT = 1 << 20;

    private HttpTransport() {}

    /** The configured {@code retries} (default 0): how often a request that never left is sent again. */
    static int retries(Map<String, String> config) {
        return config.containsKey("retries") ? ((Number) Json.value(config.get("retries"))).intValue() : 0;
    }

    /** Refuses a client that follows redirects: a redirected POST would carry the token elsewhere. */
    static HttpClient checked(HttpClient http) {
        if (http == null) {
            throw new NullPointerException("http");
        }
        if (http.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the HttpClient must not follow redirects (HttpClient.Redirect.NEVER):"
                    + " a redirect would resend the token");
        }
        return http;
    }

    /**
     * Sends the request of {@code exchange}, which this method owns and closes, and finishes it with the answer.
     * With a {@code signer} (nullable), the exchange's pending signature is made first
     * ({@link ExternalSigner#signAsync}; a failure closes the exchange still waiting for it, which releases the
     * token). A request that never left (see {@link #neverSent}) is sent again up to {@code retries} times, as
     * the built-in client does. The future fails with the {@link YdrzException} of the blocking call
     * ({@link Status#NETWORK}, {@link Status#TIMEOUT}, {@link Status#HTTP}, {@link Status#PLATFORM} ...) or the
     * signer's {@link ExternalSignerException}. Cancelling it aborts the request (on Java 16 and later) and keeps
     * the token reserved; cancelled before the request left, it releases the token.
     */
    static <T> CompletableFuture<T> send(HttpClient http, Exchange<T> exchange, int retries, ExternalSigner signer) {
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<?>> inFlight = new AtomicReference<>();
        result.whenComplete((value, failure) -> {
            CompletableFuture<?> sending = inFlight.get();
            if (result.isCancelled() && sending != null) {
                sending.cancel(true);
            }
        });
        CompletableFuture<Void> signed =
                signer == null ? CompletableFuture.completedFuture(null) : exchange.signWithAsync(signer);
        signed.whenComplete((ignored, failure) -> {
            if (failure != null) {
                exchange.close(); // still waiting for its signature: the token is released
                result.completeExceptionally(unwrap(failure));
                return;
            }
            HttpRequest request;
            try {
                request = toHttp(exchange.request());
            } catch (RuntimeException e) {
                try (exchange) { // the request could not be built: nothing left
                    exchange.notSent();
                }
                result.completeExceptionally(e);
                return;
            }
            if (result.isDone()) { // cancelled while the signer worked: nothing left
                try (exchange) {
                    exchange.notSent();
                }
                return;
            }
            attempt(http, request, exchange, retries, result, inFlight, signer);
        });
        return result;
    }

    /**
     * {@link #send} for a caller that waits: blocks until the answer is read, parking (not pinning) a virtual
     * thread, and throws what the future would fail with. An interrupt aborts the request, keeps the token
     * reserved (it may have been sent), restores the thread's interrupt status and throws a {@link YdrzException}
     * {@link Status#NETWORK}.
     */
    static <T> T sendAndWait(HttpClient http, Exchange<T> exchange, int retries, ExternalSigner signer) {
        CompletableFuture<T> future = send(http, exchange, retries, signer);
        try {
            return future.get();
        } catch (InterruptedException interrupt) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            YdrzException e = new YdrzException(Status.NETWORK.code(), Native.statusName(Status.NETWORK.code()),
                    null, "interrupted while the request was in flight (the token stays spent)");
            e.initCause(interrupt);
            throw e;
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * One attempt to send {@code request}; on completion finishes {@code exchange} (with the signer's decryption
     * when the answer needs it) into {@code result}, then closes it.
     */
    private static <T> void attempt(HttpClient http, HttpRequest request, Exchange<T> exchange, int retriesLeft,
            CompletableFuture<T> result, AtomicReference<CompletableFuture<?>> inFlight, ExternalSigner signer) {
        CompletableFuture<HttpResponse<byte[]>> sending;
        try {
            sending = http.sendAsync(request, info -> new LimitedBody());
        } catch (RuntimeException e) {
            try (exchange) { // the request could not be started: nothing left
                exchange.notSent();
            }
            result.completeExceptionally(e);
            return;
        }
        inFlight.set(sending);
        if (result.isCancelled()) {
            sending.cancel(true);
        }
        sending.whenComplete((response, failure) -> {
            Throwable cause = failure == null ? null : unwrap(failure);
            if (cause != null && neverSent(cause) && retriesLeft > 0 && !result.isDone()) {
                attempt(http, request, exchange, retriesLeft - 1, result, inFlight, signer);
                return;
            }
            CompletableFuture<T> finished;
            try {
                if (cause != null) {
                    finished = CompletableFuture.failedFuture(transportFailure(exchange, cause));
                } else {
                    T value = exchange.answer(response.statusCode(), response.body());
                    finished = value != null ? CompletableFuture.completedFuture(value) : decrypted(exchange, signer);
                }
            } catch (RuntimeException e) {
                finished = CompletableFuture.failedFuture(e);
            }
            finished.whenComplete((value, error) -> {
                exchange.close();
                if (error == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(unwrap(error));
                }
            });
        });
    }

    /** The result of an answer that needs the external signer's decryption. */
    private static <T> CompletableFuture<T> decrypted(Exchange<T> exchange, ExternalSigner signer) {
        if (signer == null) {
            throw new IllegalStateException("the answer needs the external signer's decryption, and this client has"
                    + " no ExternalSigner (Client.create(config, signer))");
        }
        return exchange.decryptWithAsync(signer);
    }

    private static HttpRequest toHttp(Exchange.Request request) {
        // HTTP/1.1 as the built-in client sends it: no h2c upgrade headers added to a cleartext request.
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url()))
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofMillis(request.timeoutMillis()))
                .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
        for (Map.Entry<String, String> header : request.headers()) {
            builder.header(header.getKey(), header.getValue());
        }
        return builder.build();
    }

    private static Throwable unwrap(Throwable failure) {
        while (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    /**
     * The error for a request that got no answer. Only a failure before anything was sent (connection refused,
     * unresolved host, connect timeout, TLS handshake) releases the token; anything later keeps it.
     */
    private static Throwable transportFailure(Exchange<?> exchange, Throwable failure) {
        if (failure instanceof CancellationException) {
            return failure;
        }
        boolean neverSent = neverSent(failure);
        if (neverSent) {
            exchange.notSent();
        }
        Status status = failure instanceof HttpTimeoutException ? Status.TIMEOUT : Status.NETWORK;
        String what = status == Status.TIMEOUT ? "the request timed out" : "the request failed";
        YdrzException e = new YdrzException(status.code(), Native.statusName(status.code()), null,
                what + (neverSent ? " before it was sent (the token may be used again): " : ": ")
                        + failure.getClass().getSimpleName());
        e.initCause(failure);
        return e;
    }

    /** Whether a failure provably came before any byte of the request left: connect, DNS or TLS handshake. */
    private static boolean neverSent(Throwable failure) {
        return failure instanceof ConnectException || failure instanceof HttpConnectTimeoutException
                || failure instanceof SSLHandshakeException;
    }

    /** Collects at most {@link #BODY_LIMIT} + 1 bytes of an answer, then stops reading. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                byte[] chunk = new byte[Math.min(buffer.remaining(), BODY_LIMIT + 1 - bytes.size())];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            if (bytes.size() > BODY_LIMIT) {
                subscription.cancel();
                body.complete(bytes.toByteArray());
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
