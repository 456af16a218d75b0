package com.ydrz.spring;

import java.net.http.HttpClient;

import com.ydrz.Client;
import com.ydrz.ExternalSigner;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures, when {@code ydrz.app-id} is set (and {@code ydrz.enabled} is not false): a {@link Client} from
 * the {@code ydrz.*} properties, closed when the context closes (its asynchronous calls send with the
 * application's {@link HttpClient} bean named {@value #HTTP_CLIENT_BEAN} if there is one, else with one built from
 * the properties); a {@link YdrzTemplate} over it; a Micrometer
 * {@link YdrzCallObserver} when Micrometer is on the class path; and the {@code ydrz} health indicator when
 * Actuator is. Each bean backs off when the application defines its own.
 */
@AutoConfiguration
@ConditionalOnClass(Client.class)
@ConditionalOnBooleanProperty(name = "ydrz.enabled", matchIfMissing = true)
@ConditionalOnProperty(prefix = "ydrz", name = "app-id")
@EnableConfigurationProperties(YdrzProperties.class)
public class YdrzAutoConfiguration {
    /** The name of the application's {@link HttpClient} bean that the client's asynchronous calls send with. */
    public static final String HTTP_CLIENT_BEAN = "ydrzHttpClient";

    /**
     * The client; a configuration the library refuses, or an {@value #HTTP_CLIENT_BEAN} that follows redirects,
     * stops the application with the library's message. With an {@link ExternalSigner} bean (the private key in
     * an HSM or a KMS) the client is configured with {@code "signer": "external"} and {@code ydrz.public-key},
     * and every validation has that bean sign (and, for App login in RSA mode, decrypt).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Client ydrzClient(YdrzProperties properties, @Qualifier(HTTP_CLIENT_BEAN) ObjectProvider<HttpClient> http,
            ObjectProvider<ExternalSigner> signers) {
        ExternalSigner signer = signers.getIfAvailable();
        String json = ClientConfigJson.build(properties, System.getenv(), signer != null);
        HttpClient own = http.getIfAvailable();
        if (signer != null) {
            return own == null ? Client.create(json, signer) : Client.create(json, own, signer);
        }
        return own == null ? Client.create(json) : Client.create(json, own);
    }

    @Bean
    @ConditionalOnMissingBean
    public YdrzTemplate ydrzTemplate(Client client, ObjectProvider<YdrzCallObserver> observers) {
        return new YdrzTemplate(client, observers.orderedStream().toList());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean(MicrometerCallObserver.class)
        MicrometerCallObserver ydrzMicrometerCallObserver(ObjectProvider<MeterRegistry> registry) {
            return new MicrometerCallObserver(registry);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnEnabledHealthIndicator("ydrz")
    static class HealthCheck {
        @Bean
        @ConditionalOnMissingBean(name = "ydrzHealthIndicator")
        YdrzHealthIndicator ydrzHealthIndicator(YdrzProperties properties) {
            return new YdrzHealthIndicator(properties, System.getenv());
        }
    }
}
