package com.ydrz.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The client configuration JSON of {@link com.ydrz.Client#create(String)} built from {@link YdrzProperties},
 * with the keys read from their sources. Holds secrets: never log it.
 */
final class ClientConfigJson {
    private ClientConfigJson() {
    }

    /**
     * The configuration; with {@code externalSigner} (an {@link com.ydrz.ExternalSigner} bean holds the private
     * key) {@code "signer": "external"} and {@code ydrz.public-key}, which is then required, in place of
     * {@code ydrz.private-key}, which must then be unset.
     */
    static String build(YdrzProperties properties, Map<String, String> environment, boolean externalSigner) {
        if (properties.getAppId() == null || properties.getAppId().isBlank()) {
            throw new IllegalStateException("ydrz.app-id is required");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("app_id", properties.getAppId());
        putIfSet(config, "app_key", properties.getAppKey());
        putIfSet(config, "app_secret", properties.getAppSecret());
        Optional<String> privateKey = KeyText.read("ydrz.private-key", properties.getPrivateKey(), environment);
        if (externalSigner) {
            if (privateKey.isPresent()) {
                throw new IllegalStateException(
                    "ydrz.private-key is set, but an ExternalSigner bean holds the private key: set ydrz.public-key instead");
            }
            config.put("signer", "external");
            config.put("public_key", KeyText.read("ydrz.public-key", properties.getPublicKey(), environment)
                .orElseThrow(() -> new IllegalStateException(
                    "ydrz.public-key is required when an ExternalSigner bean holds the private key")));
        }
        privateKey.ifPresent(key -> config.put("private_key", key));
        KeyText.read("ydrz.platform-public-key", properties.getPlatformPublicKey(), environment)
            .ifPresent(key -> config.put("platform_public_key", key));
        putIfSet(config, "base_url", properties.getBaseUrl());
        config.put("connect_timeout_ms", properties.getConnectTimeout().toMillis());
        config.put("timeout_ms", properties.getTimeout().toMillis());
        putIfSet(config, "proxy", properties.getProxy());
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, Object> entry : config.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, entry.getKey()).append(':');
            if (entry.getValue() instanceof Long number) {
                json.append(number);
            } else {
                quote(json, (String) entry.getValue());
            }
        }
        return json.append('}').toString();
    }

    private static void putIfSet(Map<String, Object> config, String key, String value) {
        if (value != null && !value.isEmpty()) {
            config.put(key, value);
        }
    }

    /** Appends {@code text} as a JSON string (RFC 8259 escapes). */
    private static StringBuilder quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
