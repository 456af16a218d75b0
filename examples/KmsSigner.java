/*
 * ydrz with the customer private key in a cloud KMS (Java): an ExternalSigner that asks the KMS for every
 * signature, so the key never enters this process. The client is configured with "signer": "external" and the
 * key's public key instead of private_key; the library checks each signature against that public key before
 * anything is sent to the platform.
 *
 * Where your KMS SDK goes: the class CloudKms below, a stub with the AWS SDK call in its comments. It compiles
 * and needs no network. So that this file runs as it is, main() uses StandInKms instead: a KMS imitation holding
 * the sandbox app's key in memory (the sandbox hands it out; a real KMS never does).
 *
 * Against the sandbox (bindings/java/test.sh runs it, KmsSignerExampleTest):
 *
 *     cargo build --release --lib --bin ydrz
 *     bindings/java/quickstart.sh   # builds the JNI library and the classes, lists Gson in test-dependencies.txt
 *     java -cp "bindings/java/target/classes:$(cat bindings/java/target/test-dependencies.txt)" \
 *         -Dydrz.native.path=target/release/libydrz_jni.so examples/KmsSigner.java
 *
 * What a KMS can sign: one-click login and App login in RSA mode sign with SHA256withRSA (AWS KMS:
 * RSASSA_PKCS1_V1_5_SHA_256). Number verification and App number verification (keyType 1) sign with MD5withRSA
 * unless configured otherwise (number_verify.sign_algorithm, app_number.sign_algorithm), which AWS KMS does not
 * make (its RSA PKCS#1 v1.5 signatures are SHA-2 only); a KMS key that signs a raw PKCS#1 v1.5 DigestInfo
 * (Google Cloud KMS RSA_SIGN_RAW_PKCS1_*) can, given the MD5 DigestInfo. App login in RSA mode needs an RSA
 * PKCS#1 v1.5 decryption, which AWS and Google Cloud KMS do not offer (OAEP only): there, keep
 * app_login.msisdn_private_key in the configuration (the platform may encrypt to a second key, 应用公钥2) or an
 * HSM (bindings/java/src/test/java/com/ydrz/HsmSignerTest.java uses one through SunPKCS11).
 */

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.ydrz.Client;
import com.ydrz.ExternalSigner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;

public final class KmsSigner implements ExternalSigner {
    /** The two KMS operations a signer needs, as an asynchronous KMS SDK offers them. */
    public interface Kms {
        /** The RSASSA-PKCS1-v1_5 signature of {@code message} (the bytes, not a digest) by key {@code keyId}. */
        CompletableFuture<byte[]> sign(String keyId, String algorithm, byte[] message);

        /** The RSAES-PKCS1-v1_5 decryption of one ciphertext block by key {@code keyId}. */
        CompletableFuture<byte[]> decrypt(String keyId, byte[] block);
    }

    /** How long one KMS call may take before the validation fails (the platform's token lives minutes). */
    private static final long KMS_TIMEOUT_SECONDS = 5;

    private final Kms kms;
    private final String keyId;

    public KmsSigner(Kms kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    // The *Async validations call these two: the KMS round trip holds no thread.
    @Override
    public CompletionStage<byte[]> signAsync(String algorithm, byte[] data) {
        return kms.sign(keyId, algorithm, data).orTimeout(KMS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<byte[]> decryptAsync(String algorithm, byte[] block) {
        return kms.decrypt(keyId, block).orTimeout(KMS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    // The blocking validations (also the library's default async forms) call these; join() rethrows a KMS
    // failure unchecked, and the validation reports it as an ExternalSignerException with that cause.
    @Override
    public byte[] sign(String algorithm, byte[] data) {
        return signAsync(algorithm, data).toCompletableFuture().join();
    }

    @Override
    public byte[] decrypt(String algorithm, byte[] block) {
        return decryptAsync(algorithm, block).toCompletableFuture().join();
    }

    /**
     * WHERE THE KMS SDK CALL GOES: fill in these two methods with your cloud's SDK. With the AWS SDK for Java v2
     * (a KmsAsyncClient {@code aws}):
     *
     * <pre>
     * return aws.sign(r -&gt; r.keyId(keyId)
     *                 .message(SdkBytes.fromByteArray(message)).messageType(MessageType.RAW)
     *                 .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256))
     *         .thenApply(answer -&gt; answer.signature().asByteArray());
     * </pre>
     *
     * (after checking that {@code algorithm} is "SHA256withRSA": see the top of this file for MD5withRSA and
     * decryption).
     */
    static final class CloudKms implements Kms {
        @Override
        public CompletableFuture<byte[]> sign(String keyId, String algorithm, byte[] message) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("call your KMS SDK's Sign here"));
        }

        @Override
        public CompletableFuture<byte[]> decrypt(String keyId, byte[] block) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("call your KMS SDK's Decrypt here"));
        }
    }

    /** For the sandbox only: a KMS imitation holding a key in memory and answering on another thread. */
    static final class StandInKms implements Kms {
        private final PrivateKey key;

        StandInKms(String pkcs8Base64) throws GeneralSecurityException {
            key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8Base64)));
        }

        @Override
        public CompletableFuture<byte[]> sign(String keyId, String algorithm, byte[] message) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    Signature signature = Signature.getInstance(algorithm);
                    signature.initSign(key);
                    signature.update(message);
                    return signature.sign();
                } catch (GeneralSecurityException e) {
                    throw new CompletionException(e);
                }
            });
        }

        @Override
        public CompletableFuture<byte[]> decrypt(String keyId, byte[] block) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
                    cipher.init(Cipher.DECRYPT_MODE, key);
                    return cipher.doFinal(block);
                } catch (GeneralSecurityException e) {
                    throw new CompletionException(e);
                }
            });
        }
    }

    /** Starts a sandbox and validates a one-click login, blocking and async, with the signer. */
    public static void main(String[] args) throws Exception {
        String binary = System.getenv().getOrDefault("YDRZ_BIN", "target/release/ydrz");
        Process sandbox = new ProcessBuilder(binary, "sandbox", "--port", "0", "--exit-on-stdin-eof")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            JsonObject info = JsonParser.parseString(new BufferedReader(
                    new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8)).readLine()).getAsJsonObject();
            JsonObject app = info.getAsJsonArray("apps").get(0).getAsJsonObject();
            // The configuration holds the public key of the KMS key, never a private key.
            JsonObject config = info.getAsJsonObject("client_config");
            config.remove("private_key");
            config.addProperty("signer", "external");
            config.add("public_key", app.get("customer_public_key"));

            Kms kms = new StandInKms(app.get("customer_private_key").getAsString()); // in production: new CloudKms()
            try (Client client = Client.create(config.toString(), new KmsSigner(kms, "alias/ydrz-app-key"))) {
                String control = info.get("control_url").getAsString();
                JsonObject login = token(control, app.get("app_id").getAsString());
                System.out.println("one-click login, signed by the KMS: "
                        + client.onekeyValidate(login.get("token").getAsString(),
                                login.get("userInformation").getAsString()));
                JsonObject later = token(control, app.get("app_id").getAsString());
                client.onekeyValidateAsync(later.get("token").getAsString(),
                                later.get("userInformation").getAsString(), null)
                        .thenAccept(validation -> System.out.println("the same, async: " + validation))
                        .get(30, TimeUnit.SECONDS);
            }
        } finally {
            sandbox.getOutputStream().close(); // the sandbox exits when its standard input closes
            sandbox.waitFor();
        }
    }

    /** A one-click-login token from the sandbox's control endpoint (what the jssdk gives the front end). */
    private static JsonObject token(String controlUrl, String appId) throws Exception {
        JsonObject body = new JsonObject();
        body.addProperty("app_id", appId);
        body.addProperty("phone", "13800138000");
        body.addProperty("product", "onekey");
        HttpRequest request = HttpRequest.newBuilder(URI.create(controlUrl + "/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        String answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        return JsonParser.parseString(answer).getAsJsonObject();
    }
}
