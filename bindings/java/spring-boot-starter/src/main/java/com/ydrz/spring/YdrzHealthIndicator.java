package com.ydrz.spring;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import com.ydrz.PrivateKey;
import com.ydrz.PublicKey;
import com.ydrz.YdrzException;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Checks what the client needs, without calling the platform: the {@code ydrz.*} configuration is complete, the
 * key sources are readable now (a key file replaced by garbage shows here before a login fails), each key loads,
 * and the base URL is https (or the loopback sandbox). Details: the app id, the base URL, the SHA-256 fingerprint
 * of the public key to register (of the private key's public half, so it can be compared with the console), and
 * whether the app key is set. Never a secret.
 */
public class YdrzHealthIndicator extends AbstractHealthIndicator {
    private final YdrzProperties properties;
    private final Map<String, String> environment;

    public YdrzHealthIndicator(YdrzProperties properties, Map<String, String> environment) {
        super("ydrz health check failed");
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("appId", String.valueOf(properties.getAppId()));
        builder.withDetail("baseUrl", String.valueOf(properties.getBaseUrl()));
        builder.withDetail("appKey", present(properties.getAppKey()) ? "set" : "not set");
        try {
            Optional<String> privateKey = KeyText.read("ydrz.private-key", properties.getPrivateKey(), environment);
            Optional<String> publicKey = KeyText.read("ydrz.public-key", properties.getPublicKey(), environment);
            Optional<String> platformKey =
                KeyText.read("ydrz.platform-public-key", properties.getPlatformPublicKey(), environment);
            String problem = configurationProblem(privateKey.isPresent() || publicKey.isPresent());
            if (problem != null) {
                builder.down().withDetail("error", problem);
                return;
            }
            if (privateKey.isPresent()) {
                try (PrivateKey key = PrivateKey.load(privateKey.get())) {
                    builder.withDetail("publicKeySha256", fingerprint(key.publicKeySpki()));
                }
            } else {
                builder.withDetail("privateKey", "not set");
            }
            if (publicKey.isPresent()) {
                PublicKey.load(publicKey.get()).close();
                builder.withDetail("publicKey", "loaded (the ExternalSigner bean signs)");
            }
            if (platformKey.isPresent()) {
                PublicKey.load(platformKey.get()).close();
                builder.withDetail("platformPublicKey", "loaded");
            } else {
                builder.withDetail("platformPublicKey", "not set");
            }
            builder.up();
        } catch (YdrzException e) {
            builder.down().withDetail("error", e.statusName() + ": " + e.getMessage());
        } catch (IllegalStateException e) {
            builder.down().withDetail("error", e.getMessage());
        }
    }

    /** What makes the configuration unusable, or null. */
    private String configurationProblem(boolean hasCustomerKey) {
        if (!present(properties.getAppId())) {
            return "ydrz.app-id is not set";
        }
        if (!present(properties.getAppKey()) && !hasCustomerKey) {
            return "neither ydrz.app-key nor ydrz.private-key (or ydrz.public-key) is set: no interface can be called";
        }
        URI url;
        try {
            url = URI.create(properties.getBaseUrl());
        } catch (IllegalArgumentException | NullPointerException e) {
            return "ydrz.base-url is not a URL";
        }
        boolean loopback = "localhost".equals(url.getHost()) || String.valueOf(url.getHost()).startsWith("127.")
            || "[::1]".equals(url.getHost());
        if (!"https".equals(url.getScheme()) && !("http".equals(url.getScheme()) && loopback)) {
            return "ydrz.base-url must be https:// (http:// only for a loopback sandbox)";
        }
        return null;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static String fingerprint(String spkiBase64) {
        try {
            byte[] der = Base64.getDecoder().decode(spkiBase64.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
