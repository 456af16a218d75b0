package com.example.backend;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * ydrz example backend (Spring Boot with ydrz-spring-boot-starter). The starter is configured by {@code ydrz.*}
 * properties; to share run.sh's contract with the other example backends, {@code main} maps the client
 * configuration JSON of {@code YDRZ_CONFIG_JSON} onto them. An application of your own sets the properties
 * directly (application.properties, environment variables such as YDRZ_APP_KEY, key files).
 */
@SpringBootApplication
public class BackendApplication {
    /** The keys of the configuration JSON this mapping knows, and the property each becomes. */
    private static final Map<String, String> PROPERTIES = Map.of(
        "app_id", "ydrz.app-id",
        "app_key", "ydrz.app-key",
        "app_secret", "ydrz.app-secret",
        "private_key", "ydrz.private-key.value",
        "platform_public_key", "ydrz.platform-public-key.value",
        "base_url", "ydrz.base-url",
        "proxy", "ydrz.proxy");
    private static final Set<String> MILLISECONDS = Set.of("connect_timeout_ms", "timeout_ms");

    public static void main(String[] args) throws Exception {
        SpringApplication app = new SpringApplication(BackendApplication.class);
        app.setDefaultProperties(fromConfigJson(System.getenv("YDRZ_CONFIG_JSON")));
        app.run(args);
    }

    static Map<String, Object> fromConfigJson(String json) throws Exception {
        Map<String, Object> properties = new HashMap<>();
        if (json == null || json.isBlank()) {
            return properties;
        }
        JsonNode config = new ObjectMapper().readTree(json);
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) config::fields) {
            String key = field.getKey();
            if (PROPERTIES.containsKey(key)) {
                properties.put(PROPERTIES.get(key), field.getValue().asText());
            } else if (MILLISECONDS.contains(key)) {
                properties.put("ydrz." + key.replace("_ms", "").replace('_', '-'), field.getValue().asLong() + "ms");
            } else {
                throw new IllegalArgumentException("YDRZ_CONFIG_JSON: " + key + " has no ydrz.* property in this example");
            }
        }
        return properties;
    }

    /** Lets the page at ALLOWED_ORIGIN call the API with credentials (no cross-origin access otherwise). */
    @Bean
    WebMvcConfigurer cors(@Value("${ALLOWED_ORIGIN:}") String origin) {
        return new WebMvcConfigurer() {
            @Override
            public void addCorsMappings(CorsRegistry registry) {
                if (!origin.isEmpty()) {
                    registry.addMapping("/api/**").allowedOrigins(origin).allowCredentials(true)
                        .allowedMethods("GET", "POST").allowedHeaders("Content-Type");
                }
            }
        };
    }
}
