// The Java program of make bench-concurrency (benches/concurrency/run.py describes the protocol), run as a
// single source file on the binding's classes: `java -cp <classes> Bench.java platform|virtual|async --info F
// --n 100,500 --rounds 3 --delay-ms 200`. For each N, N one-click validations at once ("ydrz") and the same N
// POSTs with java.net.http.HttpClient ("baseline"), a warm-up round and --rounds rounds, one JSON line per
// variant and N. platform: one platform thread per call, blocking methods (Client.onekeyValidate,
// HttpClient.send); virtual: the same on Executors.newVirtualThreadPerTaskExecutor (JDK 21+); async: the
// *Async methods (Client.onekeyValidateAsync, HttpClient.sendAsync) joined with CompletableFuture.allOf.
import com.ydrz.Client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Bench {
    record Token(String token, String userInformation) {}

    interface Call {
        void run(Token t) throws Exception;
    }

    interface AsyncCall {
        CompletableFuture<?> start(Token t);
    }

    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] argv) throws Exception {
        String mode = argv[0];
        Map<String, String> args = new java.util.HashMap<>(Map.of("--n", "100,500", "--rounds", "3", "--delay-ms", "200"));
        for (int i = 1; i + 1 < argv.length; i += 2) args.put(argv[i], argv[i + 1]);
        String info = Files.readString(Path.of(args.get("--info")));
        String controlUrl = string(info, "control_url");
        String baseUrl = string(info, "base_url");
        String appId = string(info, "app_id");
        String config = "{\"timeout_ms\":30000," + object(info, "client_config").substring(1);
        int rounds = Integer.parseInt(args.get("--rounds"));
        int delayMs = Integer.parseInt(args.get("--delay-ms"));
        try (Client client = Client.create(config)) {
            Call validate = t -> client.onekeyValidate(t.token(), t.userInformation());
            Call post = t -> HTTP.send(baseline(baseUrl, t), HttpResponse.BodyHandlers.ofByteArray());
            AsyncCall validateAsync = t -> client.onekeyValidateAsync(t.token(), t.userInformation(), null);
            AsyncCall postAsync = t -> HTTP.sendAsync(baseline(baseUrl, t), HttpResponse.BodyHandlers.ofByteArray());
            int phone = 0;
            for (String field : args.get("--n").split(",")) {
                int n = Integer.parseInt(field.trim());
                for (String variant : List.of("ydrz", "baseline")) {
                    List<Double> walls = new ArrayList<>();
                    long[] peaks = new long[2];
                    for (int r = 0; r <= rounds; r++) {
                        List<Token> tokens = new ArrayList<>();
                        for (int i = 0; i < n; i++) {
                            phone++;
                            String body = String.format("{\"app_id\":\"%s\",\"phone\":\"1390000%04d\",\"product\":\"onekey\"}",
                                    appId, phone % 10000);
                            String tok = control(controlUrl, "/token", body);
                            tokens.add(new Token(string(tok, "token"), string(tok, "userInformation")));
                        }
                        if (delayMs > 0) {
                            control(controlUrl, "/faults",
                                    "{\"kind\":\"delay\",\"delay_ms\":" + delayMs + ",\"count\":" + n + "}");
                        }
                        long[] roundPeaks = new long[2];
                        Thread sampler = new Thread(() -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                sample(roundPeaks);
                                try {
                                    Thread.sleep(2);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        });
                        sampler.setDaemon(true);
                        sampler.start();
                        long start = System.nanoTime();
                        boolean ydrz = variant.equals("ydrz");
                        switch (mode) {
                            case "platform" -> runThreads(ydrz ? validate : post, tokens, false);
                            case "virtual" -> runThreads(ydrz ? validate : post, tokens, true);
                            case "async" -> runAsync(ydrz ? validateAsync : postAsync, tokens);
                            default -> throw new IllegalArgumentException("mode: platform, virtual or async");
                        }
                        double wall = (System.nanoTime() - start) / 1e9;
                        sampler.interrupt();
                        sampler.join();
                        sample(roundPeaks);
                        if (r > 0) {
                            walls.add(wall);
                            peaks[0] = Math.max(peaks[0], roundPeaks[0]);
                            peaks[1] = Math.max(peaks[1], roundPeaks[1]);
                        }
                    }
                    Collections.sort(walls);
                    System.out.printf("{\"binding\":\"java-%s\",\"variant\":\"%s\",\"n\":%d,\"seconds\":%s,"
                            + "\"peak_threads\":%d,\"peak_rss_kb\":%d}%n", mode, variant, n,
                            walls.get(walls.size() / 2), peaks[0], peaks[1]);
                }
            }
        }
    }

    /**
     * One thread per call, then waits for all: platform threads, or virtual ones from
     * Executors.newVirtualThreadPerTaskExecutor (looked up reflectively, so that this file compiles on JDK 17).
     */
    static void runThreads(Call call, List<Token> tokens, boolean virtual) throws Exception {
        List<Callable<Void>> tasks = new ArrayList<>();
        for (Token t : tokens) tasks.add(() -> {
            call.run(t);
            return null;
        });
        if (virtual) {
            ExecutorService pool = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            try {
                for (Future<Void> f : pool.invokeAll(tasks)) f.get();
            } finally {
                pool.shutdown();
            }
            return;
        }
        List<Thread> threads = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (Callable<Void> task : tasks) {
            Thread thread = new Thread(() -> {
                try {
                    task.call();
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) thread.join();
        if (failure[0] != null) throw new IllegalStateException(failure[0]);
    }

    static void runAsync(AsyncCall call, List<Token> tokens) {
        CompletableFuture.allOf(tokens.stream().map(call::start).toArray(CompletableFuture[]::new)).join();
    }

    static HttpRequest baseline(String baseUrl, Token t) {
        String body = "{\"token\":\"" + t.token() + "\",\"userInformation\":\"" + t.userInformation() + "\"}";
        return HttpRequest.newBuilder(URI.create(baseUrl + "/h5/onekeylogin/tokenValidate"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static String control(String controlUrl, String path, String body) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(controlUrl + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) throw new IllegalStateException("sandbox " + path + ": " + res.body());
        return res.body();
    }

    /** Folds this process's Threads and VmRSS (KiB) into peaks. */
    static void sample(long[] peaks) {
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            peaks[0] = Math.max(peaks[0], field(status, "Threads"));
            peaks[1] = Math.max(peaks[1], field(status, "VmRSS"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static long field(String status, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":\\s*(\\d+)").matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** The first string value of key in json (values with no escapes: URLs, ids, tokens). */
    static String string(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"\\\\]*)\"").matcher(json);
        if (!m.find()) throw new IllegalArgumentException("no string " + key);
        return m.group(1);
    }

    /** The text of the object value of key in json, found by matching braces outside strings. */
    static String object(String json, String key) {
        int i = json.indexOf('{', json.indexOf("\"" + key + "\""));
        int depth = 0;
        boolean inString = false;
        for (int j = i; j < json.length(); j++) {
            char c = json.charAt(j);
            if (inString) {
                if (c == '\\') j++;
                else if (c == '"') inString = false;
            } else if (c == '"') inString = true;
            else if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return json.substring(i, j + 1);
        }
        throw new IllegalArgumentException("no object " + key);
    }
}
