package com.ydrz;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Benchmark: ydrz through JNI next to the hand-written JCE / java.net.http code a Java backend usually has
 * (an RsaUtils copy that parses the key on every call, and the same with the key parsed once). A warmed loop
 * harness: each case runs for a warm-up period, then {@value #SAMPLES} timed batches; the median time per
 * operation is reported. Run with bindings/java/bench.sh (not part of the tests).
 */
public final class Benchmark {
    private static final int SAMPLES = 15;
    private static final long WARMUP_NANOS = 1_500_000_000L;
    private static final long BATCH_NANOS = 100_000_000L;
    private static final String PHONE = "13800138000";

    private static final String APP_ID = Vectors.fixed("appId");
    private static final String APP_KEY = Vectors.fixed("appkey");
    private static final String TRACE_ID = Vectors.fixed("traceId_msgId");
    private static final String TIMESTAMP = Vectors.fixed("timestamp");
    private static final String TOKEN = Vectors.fixed("token_h5");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Benchmark() {}

    /** Median nanoseconds per call of {@code op}. */
    private static double measure(Runnable op) {
        long warmEnd = System.nanoTime() + WARMUP_NANOS;
        long calls = 0;
        while (System.nanoTime() < warmEnd) {
            op.run();
            calls++;
        }
        long batch = Math.max(1, calls * BATCH_NANOS / WARMUP_NANOS);
        double[] perOp = new double[SAMPLES];
        for (int s = 0; s < SAMPLES; s++) {
            long start = System.nanoTime();
            for (long i = 0; i < batch; i++) {
                op.run();
            }
            perOp[s] = (double) (System.nanoTime() - start) / batch;
        }
        Arrays.sort(perOp);
        return perOp[SAMPLES / 2];
    }

    /** Prints one group: the first case is ydrz, the baseline of the ratios. */
    private static void group(String title, String[] names, Runnable[] ops) {
        System.out.println(title);
        double base = 0;
        for (int i = 0; i < ops.length; i++) {
            double nanos = measure(ops[i]);
            if (i == 0) {
                base = nanos;
            }
            System.out.printf(Locale.ROOT, "  %-46s %12.1f us   x%.2f%n", names[i], nanos / 1000, nanos / base);
        }
    }

    // ---- the usual hand-written Java ------------------------------------------------------------------------

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }

    private static String jceJssdkSign() {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            String text = APP_ID + "8" + TRACE_ID + TIMESTAMP + TRACE_ID + "2.0" + APP_KEY;
            return hex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RsaUtils.getPrivateKey: Base64 PKCS#8 to a JCE key. */
    private static java.security.PrivateKey jceKey(String pkcs8Base64) {
        try {
            byte[] der = Base64.getDecoder().decode(pkcs8Base64);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA256withRSA(appId + traceId + timestamp + token + version), upper-case hex. */
    private static String jceTokenValidateSign(java.security.PrivateKey key, String traceId, String timestamp,
            String token) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update((APP_ID + traceId + timestamp + token + "2.0").getBytes(StandardCharsets.UTF_8));
            return hex(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one-click login call written by hand: sign, POST, parse, AES-decrypt the msisdn. */
    private static String jceOnekeyValidate(HttpClient http, String baseUrl, Supplier<java.security.PrivateKey> key,
            JsonObject token) {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String timestamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS")
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.ofHours(8)));
        String tokenText = token.get("token").getAsString();
        JsonObject body = new JsonObject();
        body.addProperty("token", tokenText);
        body.addProperty("sign", jceTokenValidateSign(key.get(), traceId, timestamp, tokenText));
        body.addProperty("userInformation", token.get("userInformation").getAsString());
        body.addProperty("expandParams", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/h5/onekeylogin/tokenValidate"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("interfaceVersion", "2.0")
                .header("appId", APP_ID)
                .header("traceId", traceId)
                .header("timestamp", timestamp)
                .header("businessType", "8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonObject answer = JsonParser.parseString(response.body()).getAsJsonObject();
            if (!"103000".equals(answer.get("resultCode").getAsString())) {
                throw new IllegalStateException("platform answered " + answer.get("resultCode"));
            }
            JsonObject data = answer.has("data") ? answer.getAsJsonObject("data") : answer;
            Cipher aes = Cipher.getInstance("AES/ECB/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(APP_KEY.substring(0, 16).getBytes(StandardCharsets.UTF_8), "AES"));
            byte[] phone = aes.doFinal(Base64.getDecoder().decode(data.get("msisdn").getAsString()));
            return new String(phone, StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException("hand-written validate failed", e);
        }
    }

    // ---- the benchmark ------------------------------------------------------------------------------------

    private static void signs(String keyName) {
        String pkcs8 = Vectors.privateKey(keyName);
        java.security.PrivateKey jceOnce = jceKey(pkcs8);
        try (PrivateKey ydrzKey = PrivateKey.load(pkcs8)) {
            String expected = Ydrz.tokenValidateSign(ydrzKey, APP_ID, TRACE_ID, TIMESTAMP, TOKEN, "2.0");
            if (!expected.equals(jceTokenValidateSign(jceOnce, TRACE_ID, TIMESTAMP, TOKEN))) {
                throw new IllegalStateException("ydrz and JCE disagree on the tokenValidate sign");
            }
            group("tokenValidate sign, SHA256withRSA, " + keyName + " (median per call)",
                    new String[] {"ydrz tokenValidateSign (key handle once)", "ydrz PrivateKey.load + sign per call",
                        "JCE, key parsed per call (RsaUtils)", "JCE, key parsed once"},
                    new Runnable[] {
                        () -> Ydrz.tokenValidateSign(ydrzKey, APP_ID, TRACE_ID, TIMESTAMP, TOKEN, "2.0"),
                        () -> {
                            try (PrivateKey k = PrivateKey.load(pkcs8)) {
                                Ydrz.tokenValidateSign(k, APP_ID, TRACE_ID, TIMESTAMP, TOKEN, "2.0");
                            }
                        },
                        () -> jceTokenValidateSign(jceKey(pkcs8), TRACE_ID, TIMESTAMP, TOKEN),
                        () -> jceTokenValidateSign(jceOnce, TRACE_ID, TIMESTAMP, TOKEN),
                    });
        }
    }

    /** Median per validate call; tokens are fetched before each timed batch, outside the timing. */
    private static double validateMedian(Sandbox sandbox, java.util.function.Function<JsonObject, String> validate)
            throws Exception {
        int batch = 50;
        List<Double> perCall = new ArrayList<>();
        for (int round = 0; round < 2 + SAMPLES / 3; round++) {
            List<JsonObject> tokens = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                tokens.add(sandbox.token("onekey", PHONE));
            }
            for (JsonObject token : tokens) {
                long start = System.nanoTime();
                String phone = validate.apply(token);
                long nanos = System.nanoTime() - start;
                if (!PHONE.equals(phone)) {
                    throw new IllegalStateException("validate returned another phone");
                }
                if (round >= 2) { // the first rounds warm up
                    perCall.add((double) nanos);
                }
            }
        }
        perCall.sort(null);
        return perCall.get(perCall.size() / 2);
    }

    private static void validate() throws Exception {
        try (Sandbox sandbox = Sandbox.start(); Client client = sandbox.client()) {
            JsonObject config = sandbox.clientConfig();
            String baseUrl = config.get("base_url").getAsString();
            String pkcs8 = config.get("private_key").getAsString();
            java.security.PrivateKey once = jceKey(pkcs8);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            System.out.println("full one-click login validate against the sandbox (median per call)");
            String[] names = {"ydrz Client.onekeyValidate", "java.net.http + JCE, key parsed per call",
                "java.net.http + JCE, key parsed once"};
            List<java.util.function.Function<JsonObject, String>> calls = List.of(
                    t -> client.onekeyValidate(t.get("token").getAsString(), t.get("userInformation").getAsString())
                            .phone(),
                    t -> jceOnekeyValidate(http, baseUrl, () -> jceKey(pkcs8), t),
                    t -> jceOnekeyValidate(http, baseUrl, () -> once, t));
            double base = 0;
            for (int i = 0; i < names.length; i++) {
                double nanos = validateMedian(sandbox, calls.get(i));
                base = i == 0 ? nanos : base;
                System.out.printf(Locale.ROOT, "  %-46s %12.1f us   x%.2f%n", names[i], nanos / 1000, nanos / base);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("ydrz %s, Java %s (%s), %d CPUs%n", Ydrz.version(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors());
        if (!Ydrz.jssdkSign(APP_ID, APP_KEY, TRACE_ID, TIMESTAMP).equals(jceJssdkSign())) {
            throw new IllegalStateException("ydrz and JCE disagree on the jssdk sign");
        }
        group("jssdk sign, MD5 (median per call)", new String[] {"ydrz jssdkSign", "JCE MessageDigest MD5"},
                new Runnable[] {() -> Ydrz.jssdkSign(APP_ID, APP_KEY, TRACE_ID, TIMESTAMP), Benchmark::jceJssdkSign});
        signs("customer_1024");
        signs("customer_2048");
        validate();
    }
}
