package com.ydrz.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.util.Map;

import com.ydrz.Client;
import com.ydrz.Ydrz;
import com.ydrz.GeneratedKeyPair;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration's conditions and the client's lifecycle, without a platform (no call is made). */
class AutoConfigurationTest {
    private final ApplicationContextRunner runner =
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(YdrzAutoConfiguration.class));

    @Test
    void nothingWithoutAnAppId() {
        runner.run(context -> assertThat(context).doesNotHaveBean(Client.class).doesNotHaveBean(YdrzTemplate.class));
    }

    @Test
    void nothingWhenDisabled() {
        runner.withPropertyValues("ydrz.app-id=300011", "ydrz.app-key=0123456789abcdef0123", "ydrz.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(Client.class));
    }

    @Test
    void theClientIsClosedWithTheContext() {
        Client[] seen = new Client[1];
        runner.withPropertyValues("ydrz.app-id=300011", "ydrz.app-key=0123456789abcdef0123").run(context -> {
            assertThat(context).hasSingleBean(Client.class).hasSingleBean(YdrzTemplate.class)
                .hasSingleBean(MicrometerCallObserver.class);
            seen[0] = context.getBean(Client.class);
            assertThat(seen[0].jssdkParams()).contains("\"appId\":\"300011\"");
        });
        assertThatThrownBy(seen[0]::jssdkParams).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anApplicationClientWins() {
        runner.withPropertyValues("ydrz.app-id=300011", "ydrz.app-key=0123456789abcdef0123")
            .withBean("myClient", Client.class, () -> Client.create("{\"app_id\":\"42\",\"app_key\":\"0123456789abcdef0123\"}"))
            .run(context -> {
                assertThat(context).hasSingleBean(Client.class);
                assertThat(context.getBean(YdrzTemplate.class).jssdkParams()).contains("\"appId\":\"42\"");
            });
    }

    @Test
    void theYdrzHttpClientBeanIsCheckedAndOtherHttpClientsAreIgnored() {
        ApplicationContextRunner configured = runner.withPropertyValues("ydrz.app-id=300011",
            "ydrz.app-key=0123456789abcdef0123");
        configured.withBean("someHttpClient", HttpClient.class,
                () -> HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).build())
            .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Client.class));
        configured.withBean(YdrzAutoConfiguration.HTTP_CLIENT_BEAN, HttpClient.class,
                () -> HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).build())
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must not follow redirects");
            });
    }

    @Test
    void noMicrometerNoObserver() {
        runner.withPropertyValues("ydrz.app-id=300011", "ydrz.app-key=0123456789abcdef0123")
            .withClassLoader(new FilteredClassLoader(io.micrometer.core.instrument.MeterRegistry.class))
            .run(context -> assertThat(context).hasSingleBean(YdrzTemplate.class)
                .doesNotHaveBean(MicrometerCallObserver.class));
    }

    @Test
    void aBrokenKeyStopsTheStartWithTheLibrarysMessageButNotTheKey() {
        runner.withPropertyValues("ydrz.app-id=300011", "ydrz.private-key.value=MIIBsecretnotakey")
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("key");
                assertThat(stackText(context.getStartupFailure())).doesNotContain("MIIBsecretnotakey");
            });
    }

    @Test
    void aKeyFromAnEnvironmentVariable() {
        GeneratedKeyPair pair = Ydrz.generateKeyPair(1024);
        YdrzProperties properties = new YdrzProperties();
        properties.setAppId("300011");
        properties.getPrivateKey().setEnv("MY_YDRZ_KEY");
        String json = ClientConfigJson.build(properties, Map.of("MY_YDRZ_KEY", pair.privateKeyPkcs8()), false);
        try (Client client = Client.create(json)) {
            assertThat(client.presignSign("abc")).isNotEmpty();
        }
        assertThatThrownBy(() -> ClientConfigJson.build(properties, Map.of(), false))
            .hasMessage("environment variable MY_YDRZ_KEY (ydrz.private-key.env) is not set");
    }

    @Test
    void anExternalSignerTakesThePublicKeyInsteadOfThePrivateKey() {
        GeneratedKeyPair pair = Ydrz.generateKeyPair(1024);
        YdrzProperties properties = new YdrzProperties();
        properties.setAppId("300011");
        assertThatThrownBy(() -> ClientConfigJson.build(properties, Map.of(), true))
            .hasMessage("ydrz.public-key is required when an ExternalSigner bean holds the private key");
        properties.getPublicKey().setValue(pair.publicKeySpki());
        assertThat(ClientConfigJson.build(properties, Map.of(), true))
            .contains("\"signer\":\"external\",\"public_key\":")
            .doesNotContain("private_key");
        assertThat(ClientConfigJson.build(properties, Map.of(), false)).doesNotContain("signer").doesNotContain("public_key");
        properties.getPrivateKey().setValue(pair.privateKeyPkcs8());
        assertThatThrownBy(() -> ClientConfigJson.build(properties, Map.of(), true))
            .hasMessageStartingWith("ydrz.private-key is set, but an ExternalSigner bean holds the private key");
    }

    @Test
    void onlyOneSourcePerKey() {
        YdrzProperties.KeySource source = new YdrzProperties.KeySource();
        source.setValue("x");
        source.setFile("/etc/key.pem");
        assertThatThrownBy(() -> KeyText.read("ydrz.private-key", source, Map.of()))
            .hasMessage("set only one of ydrz.private-key.value, ydrz.private-key.file");
    }

    @Test
    void theConfigurationJsonEscapesAndCarriesTimeoutsAndProxy() {
        YdrzProperties properties = new YdrzProperties();
        properties.setAppId("30\"0");
        properties.setProxy("http://127.0.0.1:3128");
        properties.setConnectTimeout(java.time.Duration.ofMillis(1500));
        assertThat(ClientConfigJson.build(properties, Map.of(), false)).isEqualTo(
            "{\"app_id\":\"30\\\"0\",\"base_url\":\"https://www.cmpassport.com\",\"connect_timeout_ms\":1500,"
                + "\"timeout_ms\":10000,\"proxy\":\"http://127.0.0.1:3128\"}");
    }

    @Test
    void theMetadataDescribesEveryProperty() throws Exception {
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("spring-configuration-metadata.json from the annotation processor").isNotNull();
            String metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            for (String name : new String[] {"ydrz.app-id", "ydrz.app-key", "ydrz.app-secret", "ydrz.private-key.file",
                "ydrz.private-key.env", "ydrz.private-key.value", "ydrz.platform-public-key.file", "ydrz.base-url",
                "ydrz.connect-timeout", "ydrz.timeout", "ydrz.proxy", "ydrz.enabled"}) {
                assertThat(metadata).contains("\"name\": \"" + name + "\"");
            }
            assertThat(metadata).contains("A file holding the key");
        }
    }

    private static String stackText(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
