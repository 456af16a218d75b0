package com.ydrz.spring;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.ydrz.Client;
import com.ydrz.Status;
import com.ydrz.Validation;
import com.ydrz.Verification;
import com.ydrz.YdrzException;

/**
 * The auto-configured {@link Client}'s calls, each reported to the {@link YdrzCallObserver}s (Micrometer timers
 * when Micrometer is present). Thread-safe; inject it where the application validates tokens. Methods, arguments
 * and exceptions are those of {@link Client}; the template never logs, and never sees more than the client does.
 *
 * <p>The blocking calls hold the calling thread up to {@code ydrz.timeout}. The {@code *Async} calls send with the
 * client's {@code java.net.http.HttpClient} and never block; each is reported to the same observers, with the same
 * interface name and result, when its future completes (a cancelled call as {@code CancellationException}).
 */
public class YdrzTemplate {
    private static final Pattern RESULT_CODE = Pattern.compile("\"resultCode\"\\s*:\\s*\"([^\"]{1,32})\"");

    private final Client client;
    private final List<YdrzCallObserver> observers;

    public YdrzTemplate(Client client, List<YdrzCallObserver> observers) {
        this.client = client;
        this.observers = List.copyOf(observers);
    }

    /** The client the template calls. */
    public Client client() {
        return client;
    }

    /** {@link Client#jssdkParams()}: the JSON for the mini-program's {@code YDRZ.getTokenInfo}. */
    public String jssdkParams() {
        return timed("jssdk_params", Client::jssdkParams, ignored -> "ok");
    }

    /** {@link Client#presignSign(String)}. */
    public String presignSign(String presign) {
        return timed("presign_sign", c -> c.presignSign(presign), ignored -> "ok");
    }

    /** {@link Client#onekeyValidate(String, String, String)}; {@code expandParams} nullable. */
    public Validation onekeyValidate(String token, String userInformation, String expandParams) {
        return timed("onekey_validate", c -> c.onekeyValidate(token, userInformation, expandParams),
            v -> resultCode(v.detailsJson()));
    }

    /** {@link Client#numberVerify(String, String, String, String)}; {@code expandParams} nullable. */
    public Verification numberVerify(String token, String userInformation, String phone, String expandParams) {
        return timed("number_verify", c -> c.numberVerify(token, userInformation, phone, expandParams),
            v -> resultCode(v.detailsJson()));
    }

    /** {@link Client#appLoginValidate(String, String)}; {@code expandParams} nullable. */
    public Validation appLoginValidate(String token, String expandParams) {
        return timed("app_login_validate", c -> c.appLoginValidate(token, expandParams),
            v -> resultCode(v.detailsJson()));
    }

    /** {@link Client#appNumberVerify(String, String, String)}; {@code expandParams} nullable. */
    public Verification appNumberVerify(String token, String phone, String expandParams) {
        return timed("app_number_verify", c -> c.appNumberVerify(token, phone, expandParams),
            v -> resultCode(v.detailsJson()));
    }

    /**
     * {@link Client#onekeyValidateAsync(String, String, String)}; {@code expandParams} nullable. The future fails
     * with the blocking call's {@link YdrzException}; cancelling it aborts the request (the token stays spent).
     */
    public CompletableFuture<Validation> onekeyValidateAsync(String token, String userInformation,
            String expandParams) {
        return timedAsync("onekey_validate", c -> c.onekeyValidateAsync(token, userInformation, expandParams),
            v -> resultCode(v.detailsJson()));
    }

    /** {@link Client#numberVerifyAsync(String, String, String, String)}, as {@link #onekeyValidateAsync}. */
    public CompletableFuture<Verification> numberVerifyAsync(String token, String userInformation, String phone,
            String expandParams) {
        return timedAsync("number_verify", c -> c.numberVerifyAsync(token, userInformation, phone, expandParams),
            v -> resultCode(v.detailsJson()));
    }

    /** {@link Client#appLoginValidateAsync(String, String)}, as {@link #onekeyValidateAsync}. */
    public CompletableFuture<Validation> appLoginValidateAsync(String token, String expandParams) {
        return timedAsync("app_login_validate", c -> c.appLoginValidateAsync(token, expandParams),
            v -> resultCode(v.detailsJson()));
    }

    /** {@link Client#appNumberVerifyAsync(String, String, String)}, as {@link #onekeyValidateAsync}. */
    public CompletableFuture<Verification> appNumberVerifyAsync(String token, String phone, String expandParams) {
        return timedAsync("app_number_verify", c -> c.appNumberVerifyAsync(token, phone, expandParams),
            v -> resultCode(v.detailsJson()));
    }

    private <T> T timed(String interfaceName, Function<Client, T> call, Function<T, String> result) {
        long started = System.nanoTime();
        String outcome = "unknown";
        try {
            T value = call.apply(client);
            outcome = result.apply(value);
            return value;
        } catch (RuntimeException | Error e) {
            outcome = failureResult(e);
            throw e;
        } finally {
            record(interfaceName, outcome, started);
        }
    }

    /**
     * The call's future, completed only after the observers have recorded it (so that a caller who joins it sees
     * the timer); cancelling it cancels the client's future, which aborts the request.
     */
    private <T> CompletableFuture<T> timedAsync(String interfaceName, Function<Client, CompletableFuture<T>> call,
            Function<T, String> result) {
        long started = System.nanoTime();
        CompletableFuture<T> sent;
        try {
            sent = call.apply(client);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> timed = new CompletableFuture<>();
        sent.whenComplete((value, failure) -> {
            try {
                record(interfaceName, failure == null ? result.apply(value) : failureResult(failure), started);
            } finally {
                if (failure == null) {
                    timed.complete(value);
                } else {
                    timed.completeExceptionally(unwrap(failure));
                }
            }
        });
        CompletableFuture<T> request = sent;
        timed.whenComplete((value, failure) -> {
            if (timed.isCancelled()) {
                request.cancel(true);
            }
        });
        return timed;
    }

    private void record(String interfaceName, String outcome, long started) {
        long nanos = System.nanoTime() - started;
        for (YdrzCallObserver observer : observers) {
            observer.record(interfaceName, outcome, nanos);
        }
    }

    /** The platform code of a platform refusal, the status name of another library error, else the class name. */
    static String failureResult(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof YdrzException e) {
            return e.status() == Status.PLATFORM && e.platformCode() != null ? e.platformCode() : e.statusName();
        }
        return cause.getClass().getSimpleName();
    }

    private static Throwable unwrap(Throwable failure) {
        while (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    /** The resultCode of the platform's answer (details JSON), or {@code ok} when it has none. */
    static String resultCode(String detailsJson) {
        if (detailsJson == null) {
            return "ok";
        }
        Matcher m = RESULT_CODE.matcher(detailsJson);
        return m.find() ? m.group(1) : "ok";
    }
}
