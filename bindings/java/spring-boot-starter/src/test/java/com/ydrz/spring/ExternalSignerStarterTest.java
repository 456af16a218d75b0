package com.ydrz.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.ydrz.Client;
import com.ydrz.ExternalSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An application whose private key lives in an HSM or a KMS: it defines an {@link ExternalSigner} bean and sets
 * {@code ydrz.public-key} instead of {@code ydrz.private-key}; the auto-configured client asks the bean for every
 * signature, against a sandbox process.
 */
@SpringBootTest(classes = ExternalSignerStarterTest.App.class)
class ExternalSignerStarterTest {
    static final String PHONE = "13800138000";
    static SandboxProcess sandbox;

    /** The key only the signer bean holds, as an HSM would; the algorithms it was asked for. */
    static final class RecordingSigner implements ExternalSigner {
        final List<String> algorithms = new ArrayList<>();
        private final PrivateKey key;

        RecordingSigner(PrivateKey key) {
            this.key = key;
        }

        @Override
        public synchronized byte[] sign(String algorithm, byte[] data) throws GeneralSecurityException {
            algorithms.add(algorithm);
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        }
    }

    @SpringBootApplication
    static class App {
        @Bean
        RecordingSigner hsm() throws GeneralSecurityException {
            byte[] der = Base64.getDecoder().decode(sandbox.demo("customer_private_key"));
            return new RecordingSigner(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
        }
    }

    @DynamicPropertySource
    static void ydrzProperties(DynamicPropertyRegistry registry) throws Exception {
        sandbox = SandboxProcess.start();
        registry.add("ydrz.app-id", () -> sandbox.demo("app_id"));
        registry.add("ydrz.app-key", () -> sandbox.demo("app_key"));
        registry.add("ydrz.public-key.value", () -> sandbox.demo("customer_public_key"));
        registry.add("ydrz.platform-public-key.value", () -> sandbox.demo("platform_public_key"));
        registry.add("ydrz.base-url", sandbox::baseUrl);
    }

    @AfterAll
    static void stopSandbox() throws Exception {
        sandbox.close();
    }

    @Autowired
    YdrzTemplate ydrz;
    @Autowired
    RecordingSigner hsm;
    @Autowired
    YdrzHealthIndicator health;

    @Test
    void healthIsUpWithThePublicKeyLoaded() {
        var status = health.health();
        assertThat(status.getStatus().getCode()).isEqualTo("UP");
        assertThat(status.getDetails()).containsEntry("publicKey", "loaded (the ExternalSigner bean signs)")
            .containsEntry("privateKey", "not set");
    }

    @Test
    void theAutoConfiguredClientSignsWithTheSignerBean() throws Exception {
        String[] token = sandbox.token("onekey", PHONE);
        assertThat(ydrz.onekeyValidate(token[0], token[1], null).phone()).isEqualTo(PHONE);
        assertThat(sandbox.requestsWith(token[0])).isEqualTo(1);
        String[] verify = sandbox.token("number_verify", PHONE);
        assertThat(ydrz.numberVerify(verify[0], verify[1], PHONE, null).matched()).isTrue();
        String presign = sandbox.demo("app_id") + "20240131235959123" + "preSign";
        String expected;
        String config = "{\"app_id\":\"" + sandbox.demo("app_id") + "\",\"private_key\":\""
            + sandbox.demo("customer_private_key") + "\"}";
        try (Client holder = Client.create(config)) {
            expected = holder.presignSign(presign);
        }
        assertThat(ydrz.presignSign(presign)).isEqualTo(expected);
        assertThat(hsm.algorithms).containsExactly("SHA256withRSA", "MD5withRSA", "MD5withRSA");
    }
}
