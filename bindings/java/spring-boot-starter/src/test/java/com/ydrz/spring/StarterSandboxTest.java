package com.ydrz.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import com.ydrz.Client;
import com.ydrz.Status;
import com.ydrz.Validation;
import com.ydrz.YdrzException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter in a Spring Boot application (with Actuator and Micrometer) against a sandbox process: the
 * auto-configured client validates tokens, the template records timers per interface and result code, and the
 * health indicator reports the keys without calling the platform.
 */
@SpringBootTest(classes = StarterSandboxTest.App.class)
class StarterSandboxTest {
    static final String PHONE = "13800138000";
    static SandboxProcess sandbox;
    static Path privateKeyFile;

    @SpringBootApplication
    static class App {
    }

    @DynamicPropertySource
    static void ydrzProperties(DynamicPropertyRegistry registry) throws IOException {
        sandbox = SandboxProcess.start();
        privateKeyFile = Files.createTempFile("ydrz-private-key", ".pem");
        Files.writeString(privateKeyFile, sandbox.demo("customer_private_key"));
        registry.add("ydrz.app-id", () -> sandbox.demo("app_id"));
        registry.add("ydrz.app-key", () -> sandbox.demo("app_key"));
        registry.add("ydrz.private-key.file", privateKeyFile::toString);
        registry.add("ydrz.platform-public-key.value", () -> sandbox.demo("platform_public_key"));
        registry.add("ydrz.base-url", sandbox::baseUrl);
        registry.add("ydrz.timeout", () -> "3s");
        registry.add("management.endpoint.health.show-details", () -> "always");
    }

    @AfterAll
    static void stopSandbox() throws Exception {
        sandbox.close();
        Files.deleteIfExists(privateKeyFile);
    }

    @Autowired
    Client client;
    @Autowired
    YdrzTemplate ydrz;
    @Autowired
    MeterRegistry meters;
    @Autowired
    YdrzHealthIndicator health;

    @Test
    void theTemplateUsesTheAutoConfiguredClient() {
        assertThat(ydrz.client()).isSameAs(client);
        assertThat(ydrz.jssdkParams()).contains("\"appId\":\"" + sandbox.demo("app_id") + "\"");
    }

    @Test
    void oneClickLoginThenTheSameTokenAgain() throws Exception {
        String[] token = sandbox.token("onekey", PHONE);
        Validation login = ydrz.onekeyValidate(token[0], token[1], null);
        assertThat(login.phone()).isEqualTo(PHONE);
        assertThatThrownBy(() -> ydrz.onekeyValidate(token[0], token[1], null))
            .isInstanceOfSatisfying(YdrzException.class, e -> assertThat(e.status()).isEqualTo(Status.TOKEN_REUSED));
        assertThat(sandbox.requestsWith(token[0])).isEqualTo(1);
        assertThat(timer("onekey_validate", "103000").count()).isGreaterThanOrEqualTo(1);
        assertThat(timer("onekey_validate", "YDRZ_E_TOKEN_REUSED").count()).isGreaterThanOrEqualTo(1);
        assertThat(timer("onekey_validate", "103000").totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
            .isPositive();
    }

    @Test
    void numberVerificationMatchesOnlyTheDevicesNumber() throws Exception {
        String[] own = sandbox.token("number_verify", PHONE);
        assertThat(ydrz.numberVerify(own[0], own[1], PHONE, null).matched()).isTrue();
        String[] other = sandbox.token("number_verify", PHONE);
        assertThat(ydrz.numberVerify(other[0], other[1], "13900139000", null).matched()).isFalse();
        assertThat(meters.find(MicrometerCallObserver.TIMER).tag("interface", "number_verify").timers()).isNotEmpty();
    }

    @Test
    void aPlatformRefusalIsTimedWithItsResultCode() throws Exception {
        String[] token = sandbox.token("onekey", PHONE);
        // userInformation of another token: the sandbox refuses the pair with a platform code.
        String[] other = sandbox.token("onekey", PHONE);
        assertThatThrownBy(() -> ydrz.onekeyValidate(token[0], other[1], null))
            .isInstanceOfSatisfying(YdrzException.class, e -> {
                assertThat(e.status()).isEqualTo(Status.PLATFORM);
                assertThat(timer("onekey_validate", e.platformCode()).count()).isEqualTo(1);
            });
    }

    @Test
    void healthIsUpWithTheFingerprintOfThePublicKeyToRegister() throws Exception {
        Health up = health.health();
        assertThat(up.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.UP);
        String registered = sandbox.demo("customer_public_key").replaceAll("-----[A-Z ]+-----|\\s", "");
        String expected = HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(registered)));
        assertThat(up.getDetails()).containsEntry("publicKeySha256", expected)
            .containsEntry("platformPublicKey", "loaded").containsEntry("appKey", "set");
        assertThat(up.getDetails().toString()).doesNotContain(sandbox.demo("app_key"));
    }

    @Test
    void healthIsDownWhenTheKeyFileIsBrokenAndUpAgainWhenRestored() throws Exception {
        String good = Files.readString(privateKeyFile);
        try {
            Files.writeString(privateKeyFile, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
            Health down = health.health();
            assertThat(down.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.DOWN);
            assertThat(String.valueOf(down.getDetails().get("error"))).startsWith("YDRZ_E_KEY");
            Files.delete(privateKeyFile);
            assertThat(String.valueOf(health.health().getDetails().get("error"))).contains("cannot read ydrz.private-key.file");
        } finally {
            Files.writeString(privateKeyFile, good);
        }
        assertThat(health.health().getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.UP);
    }

    private Timer timer(String interfaceName, String result) {
        Timer timer = meters.find(MicrometerCallObserver.TIMER).tag("interface", interfaceName).tag("result", result).timer();
        assertThat(timer).as("timer %s %s", interfaceName, result).isNotNull();
        return timer;
    }
}
