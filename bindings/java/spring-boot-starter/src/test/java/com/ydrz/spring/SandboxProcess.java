package com.ydrz.spring;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

/**
 * A {@code ydrz sandbox} process (system property {@code ydrz.bin}) for the tests; it ends when its standard input
 * closes ({@link #close()}).
 */
final class SandboxProcess implements AutoCloseable {
    private final Process process;
    private final DocumentContext info;
    private final HttpClient http = HttpClient.newHttpClient();

    private SandboxProcess(Process process, DocumentContext info) {
        this.process = process;
        this.info = info;
    }

    static SandboxProcess start() throws IOException {
        Path binary = Path.of(System.getProperty("ydrz.bin", "../../../target/release/ydrz"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("no sandbox binary at " + binary.toAbsolutePath());
        }
        File log = Files.createTempFile("ydrz-sandbox", ".log").toFile();
        log.deleteOnExit();
        Process process = new ProcessBuilder(binary.toString(), "sandbox", "--port", "0", "--exit-on-stdin-eof")
            .redirectError(log).start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
        if (line == null) {
            process.destroyForcibly();
            throw new IllegalStateException("the sandbox printed nothing; its stderr is in " + log);
        }
        return new SandboxProcess(process, JsonPath.parse(line));
    }

    String baseUrl() {
        return info.read("$.base_url");
    }

    /** A field of the demo app (app_id, app_key, customer_private_key, customer_public_key, platform_public_key). */
    String demo(String field) {
        java.util.List<String> values = info.read("$.apps[?(@.name == 'demo')]." + field);
        return values.get(0);
    }

    /** A token as the jssdk would give it: {@code [token, userInformation]}. */
    String[] token(String product, String phone) throws IOException, InterruptedException {
        String body = "{\"app_id\":\"" + demo("app_id") + "\",\"phone\":\"" + phone + "\",\"product\":\"" + product + "\"}";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(info.read("$.control_url") + "/token"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the sandbox refused a token: " + answer.body());
        }
        DocumentContext json = JsonPath.parse(answer.body());
        return new String[] {json.read("$.token"), json.read("$.userInformation")};
    }

    /** How many interface requests named {@code token}. */
    int requestsWith(String token) throws IOException, InterruptedException {
        String url = info.read("$.control_url") + "/stats?token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString());
        return JsonPath.parse(answer.body()).read("$.requests", Integer.class);
    }

    /** Makes the sandbox misbehave, e.g. {@code {"kind":"delay","delay_ms":3000,"count":1}}. */
    void fault(String json) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(info.read("$.control_url") + "/faults"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the sandbox refused the fault: " + answer.body());
        }
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
