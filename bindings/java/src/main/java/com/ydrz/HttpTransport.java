package com.ydrz;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
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
import java.util.concurrent.Flow;
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

    /**
     * The client used when the application passes none: redirects never followed, the configured
     * {@code connect_timeout_ms} (default 5000) and {@code proxy} (default none; system proxy settings are not
     * used).
     */
    static HttpClient defaultClient(String configJson) {
        Map<String, String> config = Json.members(configJson);
        long connectMillis = config.containsKey("connect_timeout_ms")
                ? ((Number) Json.value(config.get("connect_timeout_ms"))).longValue() : 5_000;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofMillis(connectMillis))
                .proxy(HttpClient.Builder.NO_PROXY);
        Object proxy = config.containsKey("proxy") ? Json.value(config.get("proxy")) : null;
        if (proxy != null) {
            URI uri = URI.create((String) proxy);
            int port = uri.getPort() == -1 ? 80 : uri.getPort();
            builder.proxy(ProxySelector.of(new InetSocketAddress(uri.getHost(), port)));
        }
        return builder.build();
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
     * The future fails with the {@link YdrzException} of the blocking call ({@link Status#NETWORK},
     * {@link Status#TIMEOUT}, {@link Status#HTTP}, {@link Status#PLATFORM} ...). Cancelling it aborts the request
     * (on Java 16 and later) and keeps the token reserved.
     */
    static <T> CompletableFuture<T> send(HttpClient http, Exchange<T> exchange) {
        CompletableFuture<HttpResponse<byte[]>> sending;
        try {
            sending = http.sendAsync(toHttp(exchange.request()), info -> new LimitedBody());
        } catch (RuntimeException e) {
            try (exchange) { // the request could not be built or started: nothing left
                exchange.notSent();
            }
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                sending.cancel(true);
            }
        });
        sending.whenComplete((response, failure) -> {
            try (exchange) {
                if (failure == null) {
                    result.complete(exchange.finish(response.statusCode(), response.body()));
                } else {
                    result.completeExceptionally(transportFailure(exchange, unwrap(failure)));
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
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
        boolean neverSent = failure instanceof ConnectException || failure instanceof HttpConnectTimeoutException
                || failure instanceof SSLHandshakeException;
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
