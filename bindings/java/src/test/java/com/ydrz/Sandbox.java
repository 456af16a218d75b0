package com.ydrz;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A sandbox process ({@code ydrz sandbox --port 0 --exit-on-stdin-eof}) for the end-to-end tests and the
 * benchmark. The binary is the system property {@code ydrz.bin}, else {@code <repo>/target/release/ydrz}.
 * The process ends when {@link #close()} closes its standard input.
 */
final class Sandbox implements AutoCloseable {
    private static final Gson GSON = new Gson();

    private final Process process;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonObject info;
    private final String controlUrl;

    private Sandbox(Process process, JsonObject info) {
        this.process = process;
        this.info = info;
        this.controlUrl = info.get("control_url").getAsString();
    }

    /** Starts a sandbox and reads the line it prints. */
    static Sandbox start() throws IOException {
        String configured = System.getProperty("ydrz.bin", "");
        Path binary = configured.isEmpty() ? Paths.get("../../target/release/ydrz") : Paths.get(configured);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("no sandbox binary at " + binary.toAbsolutePath()
                    + ": run `cargo build --release --bin ydrz` or set YDRZ_BIN");
        }
        File log = Files.createTempFile("ydrz-sandbox", ".log").toFile();
        log.deleteOnExit();
        Process process = new ProcessBuilder(binary.toString(), "sandbox", "--port", "0", "--exit-on-stdin-eof")
                .redirectError(log)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            process.destroyForcibly();
            throw new IllegalStateException("the sandbox printed nothing; its stderr is in " + log);
        }
        return new Sandbox(process, JsonParser.parseString(line).getAsJsonObject());
    }

    /** The built-in app named {@code name} ("demo" or "blocked") with its keys and secrets. */
    JsonObject app(String name) {
        for (JsonElement app : info.getAsJsonArray("apps")) {
            if (app.getAsJsonObject().get("name").getAsString().equals(name)) {
                return app.getAsJsonObject();
            }
        }
        throw new IllegalArgumentException("no sandbox app " + name);
    }

    JsonObject demo() {
        return app("demo");
    }

    /** The ready-to-use client configuration of the demo app. */
    JsonObject clientConfig() {
        return info.getAsJsonObject("client_config").deepCopy();
    }

    /** A client for the demo app. */
    Client client() {
        return Client.create(clientConfig().toString());
    }

    /** A client for the demo app with {@code changes} applied to its configuration. */
    Client client(JsonObject changes) {
        JsonObject config = clientConfig();
        changes.entrySet().forEach(e -> config.add(e.getKey(), e.getValue()));
        return Client.create(config.toString());
    }

    /** A token as the SDK would get it for {@code phone}: {@code {token, userInformation, expires_in_ms}}. */
    JsonObject token(String product, String phone) throws IOException, InterruptedException {
        return token(product, phone, null);
    }

    /** As {@link #token(String, String)}, living {@code ttlMs} milliseconds when not {@code null}. */
    JsonObject token(String product, String phone, Long ttlMs) throws IOException, InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("app_id", demo().get("app_id").getAsString());
        body.addProperty("phone", phone);
        body.addProperty("product", product);
        if (ttlMs != null) {
            body.addProperty("ttl_ms", ttlMs);
        }
        return control("/token", body);
    }

    /** POSTs {@code body} to a control endpoint ({@code /faults}, {@code /apps}, {@code /reset} ...). */
    JsonObject control(String path, JsonObject body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(controlUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GSON.toJson(body)))
                .build();
        return send(request);
    }

    /** {@code {requests, total_requests}}: how many interface requests named {@code token}. */
    JsonObject stats(String token) throws IOException, InterruptedException {
        URI uri = URI.create(controlUrl + "/stats?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build());
    }

    /** Clears faults and counters and restores the demo app's allowed IPs and daily limit. */
    void reset() throws IOException, InterruptedException {
        control("/reset", new JsonObject());
        JsonObject demo = demo();
        JsonObject restore = new JsonObject();
        restore.add("app_id", demo.get("app_id"));
        restore.add("allowed_ips", demo.get("allowed_ips"));
        restore.add("daily_limit", demo.get("daily_limit"));
        control("/apps", restore);
    }

    private JsonObject send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri().getPath() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    /** Closes the sandbox's standard input, which ends it, and waits for it. */
    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
