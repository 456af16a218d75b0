package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every vector of tests/data/vectors.json, through the Java API. */
class VectorsTest {
    private static final Map<String, PrivateKey> PRIVATE = new HashMap<>();
    private static final Map<String, PublicKey> PUBLIC = new HashMap<>();

    private static PrivateKey privateKey(String name) {
        return PRIVATE.computeIfAbsent(name, n -> PrivateKey.load(Vectors.privateKey(n)));
    }

    private static PublicKey publicKey(String name) {
        return PUBLIC.computeIfAbsent(name, n -> PublicKey.load(Vectors.publicKey(n)));
    }

    @AfterAll
    static void closeKeys() {
        PRIVATE.values().forEach(PrivateKey::close);
        PUBLIC.values().forEach(PublicKey::close);
    }

    /** One dynamic test per vector; a vector of an unknown kind fails, so new vectors cannot be skipped. */
    @TestFactory
    List<DynamicTest> everyVector() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonObject v : Vectors.all()) {
            String id = v.get("id").getAsString();
            tests.add(DynamicTest.dynamicTest(id, () -> check(id, v)));
        }
        assertTrue(tests.size() >= 20, "vectors.json looks truncated: " + tests.size() + " vectors");
        return tests;
    }

    private static void check(String id, JsonObject v) {
        if (id.startsWith("jssdk_md5_sign_")) {
            jssdkSign(v);
        } else if (id.startsWith("h5_tokenValidate_sign_")) {
            tokenValidateSign(v);
        } else if (id.startsWith("app_loginTokenValidate_rsa_")) {
            allEncodings(v, SignAlgorithm.SHA256_WITH_RSA);
        } else if (id.startsWith("preSign_")) {
            preSign(v);
        } else if (id.startsWith("numberVerify_sign_")) {
            numberVerifySign(v);
        } else if (id.startsWith("phoneNum_rsa_")) {
            phoneNum(v);
        } else if (id.startsWith("encryptedDataOnJava_chunking_")) {
            chunking(v);
        } else if (id.equals("h5_msisdn_aes128ecb")) {
            assertEquals(Vectors.field(v, "plaintext"),
                    Ydrz.decryptMsisdn(Vectors.field(v, "appkey"), Vectors.field(v, "ciphertext_base64")));
        } else if (id.startsWith("app_msisdn_rsa_")) {
            PrivateKey key = privateKey(Vectors.field(v, "key"));
            assertEquals(Vectors.field(v, "plaintext"), Ydrz.rsaDecrypt(key, Vectors.field(v, "ciphertext_hex_upper")));
            assertEquals(Vectors.field(v, "plaintext"), Ydrz.rsaDecrypt(key, Vectors.field(v, "ciphertext_base64")));
        } else if (id.equals("app_loginTokenValidate_md5")) {
            appLoginMd5Sign(v);
        } else if (id.equals("app_tokenValidate_keyType0")) {
            appNumberSignKeyType0(v);
        } else {
            throw new AssertionError("vector " + id + " is of a kind this test does not know: add a check for it");
        }
    }

    private static void jssdkSign(JsonObject v) {
        assertEquals(Vectors.field(v, "traceId"), Vectors.field(v, "msgId"), "the C ABI signs with msgId = traceId");
        for (Encoding encoding : new Encoding[] {Encoding.HEX_UPPER, Encoding.HEX_LOWER}) {
            String sign = Ydrz.jssdkSign(Vectors.field(v, "appId"), Vectors.field(v, "appkey"),
                    Vectors.field(v, "traceId"), Vectors.field(v, "timestamp"), Vectors.field(v, "version"),
                    Vectors.field(v, "businessType"), encoding);
            assertEquals(Vectors.field(v, expectedField(encoding)), sign, encoding.name());
        }
    }

    private static void appLoginMd5Sign(JsonObject v) {
        String[] in = Stream.of("appid", "version", "msgid", "systemtime", "strictcheck", "token",
                "APPSecret_or_appkey").map(name -> Vectors.field(v, name)).toArray(String[]::new);
        assertEquals(Vectors.field(v, "string_to_sign"), String.join("", in));
        for (Encoding encoding : new Encoding[] {Encoding.HEX_UPPER, Encoding.HEX_LOWER}) {
            String sign = Ydrz.appLoginMd5Sign(in[0], in[1], in[2], in[3], in[4], in[5], in[6], encoding);
            assertEquals(Vectors.field(v, expectedField(encoding)), sign, encoding.name());
        }
        assertEquals(Vectors.field(v, "expected_hex_upper"),
                Ydrz.appLoginMd5Sign(in[0], in[1], in[2], in[3], in[4], in[5], in[6]), "upper-case hex by default");
    }

    /** The vector keeps only the strings built from the fixed inputs (msgId = traceId, the App token, 1.0). */
    private static void appNumberSignKeyType0(JsonObject v) {
        String appKey = Vectors.field(v, "hmac_key");
        String version = "1.0";
        String phoneNum = Vectors.field(v, "expected_phoneNum_sha256_hex_upper");
        assertEquals(Vectors.field(v, "phoneNum_input"), Vectors.fixed("phone") + appKey + Vectors.fixed("timestamp"));
        assertEquals(Vectors.field(v, "string_to_sign"), Vectors.fixed("appId") + Vectors.fixed("traceId_msgId")
                + phoneNum + Vectors.fixed("timestamp") + Vectors.fixed("token_app") + version);
        KeyType0Sign signed = Ydrz.appNumberSignKeyType0(Vectors.fixed("appId"), appKey, Vectors.fixed("traceId_msgId"),
                Vectors.fixed("phone"), Vectors.fixed("timestamp"), Vectors.fixed("token_app"), version);
        assertEquals(phoneNum, signed.phoneNum());
        assertEquals(Vectors.field(v, "expected_sign_hmacsha256_hex_upper"), signed.sign());
        // A value: equal (with equal hash codes) to the same fields signed again, unequal when either differs.
        KeyType0Sign again = Ydrz.appNumberSignKeyType0(Vectors.fixed("appId"), appKey, Vectors.fixed("traceId_msgId"),
                Vectors.fixed("phone"), Vectors.fixed("timestamp"), Vectors.fixed("token_app"), version);
        KeyType0Sign otherToken = Ydrz.appNumberSignKeyType0(Vectors.fixed("appId"), appKey,
                Vectors.fixed("traceId_msgId"), Vectors.fixed("phone"), Vectors.fixed("timestamp"), "other", version);
        assertEquals(signed, again);
        assertEquals(signed.hashCode(), again.hashCode());
        assertEquals(signed.phoneNum(), otherToken.phoneNum());
        assertNotEquals(signed, otherToken);
        assertNotEquals(signed, null);
        assertNotEquals(signed, (Object) signed.sign());
    }

    private static void tokenValidateSign(JsonObject v) {
        PrivateKey key = privateKey(Vectors.field(v, "key"));
        String sign = Ydrz.tokenValidateSign(key, Vectors.field(v, "appId"), Vectors.field(v, "traceId"),
                Vectors.field(v, "timestamp"), Vectors.field(v, "token"), Vectors.field(v, "version"));
        assertEquals(Vectors.field(v, "expected_hex_upper"), sign);
        allEncodings(v, SignAlgorithm.SHA256_WITH_RSA);
    }

    private static void preSign(JsonObject v) {
        String id = v.get("id").getAsString();
        SignAlgorithm algorithm = id.contains("MD5withRSA") ? SignAlgorithm.MD5_WITH_RSA : SignAlgorithm.SHA256_WITH_RSA;
        allEncodings(v, algorithm);
        if (algorithm == SignAlgorithm.MD5_WITH_RSA) {
            String keyName = Vectors.field(v, "key");
            String presign = Vectors.field(v, "string_to_sign");
            String expected = Vectors.field(v, "expected_base64");
            assertEquals(expected, Ydrz.presignSign(privateKey(keyName), presign));
            String config = "{\"app_id\":\"" + Vectors.fixed("appId") + "\",\"private_key\":\""
                    + Vectors.privateKey(keyName) + "\"}";
            try (Client client = Client.create(config)) {
                assertEquals(expected, client.presignSign(presign), "client presign with the default style");
            }
        }
    }

    private static void numberVerifySign(JsonObject v) {
        String id = v.get("id").getAsString();
        SignAlgorithm algorithm = id.contains("MD5withRSA") ? SignAlgorithm.MD5_WITH_RSA : SignAlgorithm.SHA256_WITH_RSA;
        String data = Vectors.field(v, "string_to_sign");
        assertTrue(data.contains(Vectors.field(v, "phoneNum")), "the string to sign includes phoneNum");
        allEncodings(v, algorithm);
    }

    /** rsaSign in every encoding the vector lists, and rsaVerify of each (and of a changed text). */
    private static void allEncodings(JsonObject v, SignAlgorithm algorithm) {
        String keyName = Vectors.field(v, "key");
        PrivateKey key = privateKey(keyName);
        PublicKey pub = publicKey(keyName);
        String data = Vectors.field(v, "string_to_sign");
        int checked = 0;
        for (Encoding encoding : Encoding.values()) {
            if (!Vectors.has(v, expectedField(encoding))) {
                continue;
            }
            String expected = Vectors.field(v, expectedField(encoding));
            assertEquals(expected, Ydrz.rsaSign(key, data, algorithm, encoding), encoding.name());
            assertTrue(Ydrz.rsaVerify(pub, data, expected, algorithm, encoding), "verify " + encoding);
            assertFalse(Ydrz.rsaVerify(pub, data + "x", expected, algorithm, encoding), "verify changed " + encoding);
            checked++;
        }
        assertTrue(checked >= 2, "at least two encodings per signature vector");
    }

    private static String expectedField(Encoding encoding) {
        switch (encoding) {
            case HEX_UPPER:
                return "expected_hex_upper";
            case HEX_LOWER:
                return "expected_hex_lower";
            default:
                return "expected_base64";
        }
    }

    private static void phoneNum(JsonObject v) {
        String keyName = Vectors.field(v, "key");
        String plaintext = Vectors.field(v, "plaintext");
        assertEquals(plaintext, Ydrz.rsaDecrypt(privateKey(keyName), Vectors.field(v, "ciphertext_base64")));
        // Our own phoneNum for the same inputs decrypts to the same plaintext (encryption is randomized).
        String ours = Ydrz.encryptPhone(publicKey(keyName), Vectors.fixed("phone"), Vectors.fixed("appkey"),
                Vectors.fixed("timestamp"));
        assertEquals(Vectors.field(v, "ciphertext_len_bytes"), String.valueOf(Base64.getDecoder().decode(ours).length));
        assertEquals(plaintext, Ydrz.rsaDecrypt(privateKey(keyName), ours));
    }

    private static void chunking(JsonObject v) {
        String keyName = Vectors.field(v, "key");
        String plaintext = Vectors.field(v, "plaintext");
        assertEquals(Vectors.field(v, "plaintext_len_bytes"),
                String.valueOf(plaintext.getBytes(StandardCharsets.UTF_8).length));
        assertEquals(plaintext, Ydrz.rsaDecrypt(privateKey(keyName), Vectors.field(v, "ciphertext_base64")));
        String ours = Ydrz.rsaEncrypt(publicKey(keyName), plaintext);
        assertEquals(Vectors.field(v, "ciphertext_len_bytes"), String.valueOf(Base64.getDecoder().decode(ours).length));
        assertEquals(plaintext, Ydrz.rsaDecrypt(privateKey(keyName), ours));
    }

    @Test
    void jssdkDefaultsAreVersion20BusinessType8UpperHex() {
        JsonObject v = Vectors.where("jssdk_md5_sign_bt8"::equals).get(0);
        assertEquals(Vectors.field(v, "expected_hex_upper"), Ydrz.jssdkSign(Vectors.field(v, "appId"),
                Vectors.field(v, "appkey"), Vectors.field(v, "traceId"), Vectors.field(v, "timestamp")));
    }

    @Test
    void publicHalfOfEachPrivateKeyIsTheVectorsPublicKey() {
        for (String name : new String[] {"customer_1024", "customer_2048", "platform_1024", "platform_2048"}) {
            assertEquals(Vectors.publicKey(name), privateKey(name).publicKeySpki(), name);
        }
    }

    @Test
    void plainMsisdnIsReturnedUnchanged() {
        assertEquals(Vectors.fixed("phone"), Ydrz.decryptMsisdn(Vectors.fixed("appkey"), Vectors.fixed("phone")));
    }
}
