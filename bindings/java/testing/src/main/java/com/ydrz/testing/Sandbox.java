package com.ydrz.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox — {@code ydrz sandbox}, a local imitation of China Mobile's authentication platform — for a
 * program's own tests (JUnit or any other), from the ydrz executable this artifact carries for linux-x86_64
 * and linux-aarch64: no path to give, no Rust toolchain.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.start();
 *      Client client = Client.create(sandbox.clientConfig())) {
 *     Map<String, String> token = sandbox.token("onekey", "13800138000");
 *     String phone = client.onekeyValidate(token.get("token"), token.get("userInformation")).phone();
 * }
 * }</pre>
 *
 * <p>The sandbox lives until {@link #close()} closes its standard input (it also exits with the JVM). From the
 * shell: {@code java -jar ydrz-testing-<version>.jar sandbox} runs the same executable with the given arguments.
 * Instances are safe to share between the threads of a test.
 */
public final class Sandbox implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final Process process;
    private final Map<String, Object> info;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private Sandbox(Process process, Map<String, Object> info) {
        this.process = process;
        this.info = info;
    }

    /** Starts the artifact's own ydrz executable ({@link #executable()}) as a sandbox on a free port. */
    public static Sandbox start(String... options) throws IOException {
        return start(executable(), options);
    }

    /**
     * Starts {@code executable sandbox --port 0 --exit-on-stdin-eof options...} and waits for its info line.
     * Its request log (standard error) is discarded.
     */
    public static Sandbox start(Path executable, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "sandbox", "--port", "0", "--exit-on-stdin-eof"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            process.getOutputStream().close();
            throw new IOException(executable + " sandbox exited without printing its info");
        }
        return new Sandbox(process, asMap(Json.parse(line)));
    }

    /**
     * The ydrz executable this artifact carries for the running machine
     * ({@code META-INF/ydrz-testing/linux-<arch>/ydrz}), copied once into {@code <java.io.tmpdir>/ydrz-testing-<sha256>/}
     * and made executable there (a jar cannot run it in place).
     */
    public static Path executable() throws IOException {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String dir = arch.equals("amd64") || arch.equals("x86_64") ? "linux-x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "linux-aarch64" : null;
        String os = System.getProperty("os.name", "");
        if (dir == null || !os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            throw new IOException("ydrz-testing has no ydrz executable for " + os + "/" + arch
                    + " (linux x86_64 and aarch64 only)");
        }
        String resource = "/META-INF/ydrz-testing/" + dir + "/ydrz";
        byte[] bytes;
        try (InputStream in = Sandbox.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("ydrz-testing carries no " + resource);
            }
            bytes = in.readAllBytes();
        }
        Path target = Paths.get(System.getProperty("java.io.tmpdir"), "ydrz-testing-" + sha256(bytes).substring(0, 16), "ydrz");
        if (Files.isExecutable(target) && Files.size(target) == bytes.length) {
            return target;
        }
        Files.createDirectories(target.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path tmp = Files.createTempFile(target.getParent(), "ydrz", ".tmp");
        Files.write(tmp, bytes);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static String sha256(byte[] bytes) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("the sandbox answered " + value + ", not a JSON object");
        }
        return (Map<String, Object>) value;
    }

    /** The sandbox's base URL (what {@code base_url} of {@link #clientConfig()} is). */
    public String baseUrl() {
        return (String) info.get("base_url");
    }

    /** The URL of its control endpoints ({@code /token}, {@code /faults}, {@code /stats}). */
    public String controlUrl() {
        return (String) info.get("control_url");
    }

    /** The whole info line, parsed (apps, their keys, client_config...). */
    public Map<String, Object> info() {
        return info;
    }

    /** The demo app's client configuration as JSON, ready for {@code com.ydrz.Client.create}. */
    public String clientConfig() {
        return Json.write(info.get("client_config"));
    }

    /** The demo app's id. */
    public String demoAppId() {
        return (String) asMap(info.get("client_config")).get("app_id");
    }

    /**
     * POSTs {@code body} as JSON (or GETs when it is null) to the control endpoint {@code path} and returns
     * the JSON answer; an HTTP status other than 2xx throws {@link IOException}.
     */
    public Map<String, Object> control(String path, Map<String, ?> body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(controlUrl() + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json");
        request = body == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("sandbox " + path + ": HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? new HashMap<>() : asMap(Json.parse(response.body()));
    }

    /**
     * A fresh token of the demo app for {@code product} (onekey, number_verify, app_login, app_number) and
     * {@code phone}: {@code token}, {@code userInformation}.
     */
    public Map<String, String> token(String product, String phone) throws IOException {
        Map<String, Object> answer = control("/token", Map.of("app_id", demoAppId(), "phone", phone, "product", product));
        Map<String, String> token = new HashMap<>();
        token.put("token", (String) answer.get("token"));
        token.put("userInformation", (String) answer.get("userInformation"));
        return token;
    }

    /** How many interface requests carried {@code token}. */
    public int requests(String token) throws IOException {
        Object n = control("/stats?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), null).get("requests");
        return n == null ? 0 : ((Number) n).intValue();
    }

    /** Closes the sandbox's standard input and waits for it to exit (killing it after 10 s). Idempotent. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the process is gone already
        }
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** {@code java -jar ydrz-testing.jar ARGS}: runs the carried ydrz executable with ARGS (e.g. {@code sandbox}). */
    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(List.of(args));
        System.exit(new ProcessBuilder(command).inheritIO().start().waitFor());
    }
}
