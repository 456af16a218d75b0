package com.ydrz.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.ydrz.Status;
import com.ydrz.Validation;
import com.ydrz.YdrzException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The template's asynchronous calls in a Spring Boot application against a sandbox process: they send with the
 * application's {@code ydrzHttpClient} bean and are timed, with the blocking calls' tags, when they complete.
 */
@SpringBootTest(classes = AsyncSandboxTest.App.class)
class AsyncSandboxTest {
    static final String PHONE = "13800138000";
    static final AtomicInteger HTTP_TASKS = new AtomicInteger();
    static SandboxProcess sandbox;

    @SpringBootApplication
    static class App {
        /** Counts the tasks the HttpClient runs: proof that the client's asynchronous calls send with it. */
        @Bean(destroyMethod = "shutdown")
        ExecutorService httpExecutor() {
            return Executors.newFixedThreadPool(2);
        }

        @Bean(YdrzAutoConfiguration.HTTP_CLIENT_BEAN)
        HttpClient ydrzHttpClient(ExecutorService httpExecutor) {
            return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .executor(task -> {
                    HTTP_TASKS.incrementAndGet();
                    httpExecutor.execute(task);
                })
                .build();
        }
    }

    @DynamicPropertySource
    static void ydrzProperties(DynamicPropertyRegistry registry) throws IOException {
        sandbox = SandboxProcess.start();
        registry.add("ydrz.app-id", () -> sandbox.demo("app_id"));
        registry.add("ydrz.app-key", () -> sandbox.demo("app_key"));
        registry.add("ydrz.app-secret", () -> sandbox.demo("app_secret"));
        registry.add("ydrz.private-key.value", () -> sandbox.demo("customer_private_key"));
        registry.add("ydrz.platform-public-key.value", () -> sandbox.demo("platform_public_key"));
        registry.add("ydrz.base-url", sandbox::baseUrl);
        registry.add("ydrz.timeout", () -> "5s");
    }

    @AfterAll
    static void stopSandbox() throws Exception {
        sandbox.close();
    }

    @Autowired
    YdrzTemplate ydrz;
    @Autowired
    MeterRegistry meters;

    @Test
    void anAsyncLoginIsTimedAndAReusedTokenFailsWithItsStatusTagged() throws Exception {
        String[] token = sandbox.token("app_login", PHONE);
        long okBefore = count("app_login_validate", "103000");
        long reusedBefore = count("app_login_validate", "YDRZ_E_TOKEN_REUSED");
        int tasksBefore = HTTP_TASKS.get();

        Validation login = ydrz.appLoginValidateAsync(token[0], null).get(20, TimeUnit.SECONDS);
        assertThat(login.phone()).isEqualTo(PHONE);
        // Recorded before the future completes: no wait needed to see it.
        assertThat(count("app_login_validate", "103000")).isEqualTo(okBefore + 1);
        assertThat(HTTP_TASKS.get()).as("tasks run by the ydrzHttpClient bean").isGreaterThan(tasksBefore);

        CompletableFuture<Validation> again = ydrz.appLoginValidateAsync(token[0], null);
        assertThatThrownBy(() -> again.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOfSatisfying(YdrzException.class,
                e -> assertThat(e.status()).isEqualTo(Status.TOKEN_REUSED));
        assertThat(count("app_login_validate", "YDRZ_E_TOKEN_REUSED")).isEqualTo(reusedBefore + 1);
        assertThat(count("app_login_validate", "103000")).isEqualTo(okBefore + 1);
        assertThat(sandbox.requestsWith(token[0])).isEqualTo(1);
    }

    @Test
    void theOtherThreeInterfacesAreTimedUnderTheirNames() throws Exception {
        String[] login = sandbox.token("onekey", PHONE);
        String[] verify = sandbox.token("number_verify", PHONE);
        String[] appNumber = sandbox.token("app_number", PHONE);
        long onekey = count("onekey_validate", "103000");
        long number = total("number_verify");
        long app = total("app_number_verify");

        assertThat(ydrz.onekeyValidateAsync(login[0], login[1], null).get(20, TimeUnit.SECONDS).phone())
            .isEqualTo(PHONE);
        assertThat(ydrz.numberVerifyAsync(verify[0], verify[1], "13900139000", null).get(20, TimeUnit.SECONDS)
            .matched()).isFalse();
        assertThat(ydrz.appNumberVerifyAsync(appNumber[0], PHONE, null).get(20, TimeUnit.SECONDS).matched()).isTrue();
        assertThat(count("onekey_validate", "103000")).isEqualTo(onekey + 1);
        assertThat(total("number_verify")).isEqualTo(number + 1);
        assertThat(total("app_number_verify")).isEqualTo(app + 1);
    }

    @Test
    void aPlatformRefusalIsTaggedWithItsCode() throws Exception {
        String[] token = sandbox.token("onekey", PHONE);
        String[] other = sandbox.token("onekey", PHONE);
        CompletableFuture<Validation> refused = ydrz.onekeyValidateAsync(token[0], other[1], null);
        assertThatThrownBy(() -> refused.get(20, TimeUnit.SECONDS)).cause()
            .isInstanceOfSatisfying(YdrzException.class, e -> {
                assertThat(e.status()).isEqualTo(Status.PLATFORM);
                assertThat(count("onekey_validate", e.platformCode())).isGreaterThanOrEqualTo(1);
            });
    }

    @Test
    void cancellingTheTemplatesFutureAbortsTheRequestAndIsTimed() throws Exception {
        sandbox.fault("{\"kind\":\"delay\",\"delay_ms\":3000,\"count\":1}");
        String[] token = sandbox.token("onekey", PHONE);
        long cancelledBefore = count("onekey_validate", "CancellationException");
        CompletableFuture<Validation> call = ydrz.onekeyValidateAsync(token[0], token[1], null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sandbox.requestsWith(token[0]) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(call.cancel(true)).isTrue();
        assertThatThrownBy(() -> call.get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        // cancel() cancels the client's future in this thread, whose completion is recorded before cancel returns.
        assertThat(count("onekey_validate", "CancellationException")).isEqualTo(cancelledBefore + 1);
        assertThat(sandbox.requestsWith(token[0])).isEqualTo(1);
    }

    private long count(String interfaceName, String result) {
        Timer timer = meters.find(MicrometerCallObserver.TIMER).tag("interface", interfaceName).tag("result", result)
            .timer();
        return timer == null ? 0 : timer.count();
    }

    private long total(String interfaceName) {
        return meters.find(MicrometerCallObserver.TIMER).tag("interface", interfaceName).timers().stream()
            .mapToLong(Timer::count).sum();
    }
}
