package com.ydrz.spring;

import java.util.List;
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
 * <p>The calls block the calling thread up to {@code ydrz.timeout}. An asynchronous counterpart will be
 * auto-configured beside this class once the binding has an asynchronous client API; it will report to the same
 * observers. Until then, run calls on an executor of your own if the request thread must not block.
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

    private <T> T timed(String interfaceName, Function<Client, T> call, Function<T, String> result) {
        long started = System.nanoTime();
        String outcome = "unknown";
        try {
            T value = call.apply(client);
            outcome = result.apply(value);
            return value;
        } catch (YdrzException e) {
            outcome = e.status() == Status.PLATFORM && e.platformCode() != null ? e.platformCode() : e.statusName();
            throw e;
        } catch (RuntimeException | Error e) {
            outcome = e.getClass().getSimpleName();
            throw e;
        } finally {
            long nanos = System.nanoTime() - started;
            for (YdrzCallObserver observer : observers) {
                observer.record(interfaceName, outcome, nanos);
            }
        }
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
