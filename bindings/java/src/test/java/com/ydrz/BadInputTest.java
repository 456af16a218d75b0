package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gives the library's status through YdrzException; Java nulls map to YDRZ_E_NULL_ARG. */
class BadInputTest {
    private static final String APP_ID = Vectors.fixed("appId");
    private static final String APP_KEY = Vectors.fixed("appkey");
    private static final String TRACE_ID = Vectors.fixed("traceId_msgId");
    private static final String TIMESTAMP = Vectors.fixed("timestamp");
    private static final String PHONE = Vectors.fixed("phone");
    private static final String TOKEN_APP = Vectors.fixed("token_app");

    /** The C names of the arguments of appLoginMd5Sign and appNumberSignKeyType0, in order. */
    private static final String[] APP_MD5_NAMES =
            {"app_id", "version", "msg_id", "system_time", "strict_check", "token", "secret"};
    private static final String[] KEY_TYPE0_NAMES =
            {"app_id", "app_key", "msg_id", "phone", "timestamp", "token", "version"};
    /** Arguments that sign, in the same order. */
    private static final String[] APP_MD5_ARGS =
            {APP_ID, "2.0", TRACE_ID, TIMESTAMP, "0", TOKEN_APP, Vectors.fixed("APPSecret")};
    private static final String[] KEY_TYPE0_ARGS = {APP_ID, APP_KEY, TRACE_ID, PHONE, TIMESTAMP, TOKEN_APP, "1.0"};

    private static PrivateKey key;
    private static PublicKey pub;

    @BeforeAll
    static void loadKeys() {
        key = PrivateKey.load(Vectors.privateKey("customer_1024"));
        pub = PublicKey.load(Vectors.publicKey("customer_1024"));
    }

    @AfterAll
    static void closeKeys() {
        key.close();
        pub.close();
    }

    /** Asserts that {@code call} throws a YdrzException with {@code status}, and returns it. */
    static YdrzException fails(Status status, Executable call) {
        YdrzException e = assertThrows(YdrzException.class, call);
        assertEquals(status, e.status(), e.toString());
        assertEquals(status.code(), e.statusCode());
        assertEquals(Ydrz.statusName(status.code()), e.statusName());
        assertFalse(e.getMessage().isEmpty(), "a message");
        if (status != Status.PLATFORM) {
            assertNull(e.platformCode(), "no platform code outside YDRZ_E_PLATFORM");
        }
        return e;
    }

    @Test
    void nullStringsAreNullArg() {
        YdrzException e = fails(Status.NULL_ARG, () -> Ydrz.jssdkSign(APP_ID, null, TRACE_ID, TIMESTAMP));
        assertTrue(e.getMessage().contains("app_key"), e.getMessage());
        fails(Status.NULL_ARG, () -> Ydrz.tokenValidateSign(key, APP_ID, TRACE_ID, TIMESTAMP, null, "2.0"));
        fails(Status.NULL_ARG, () -> Ydrz.presignSign(key, null));
        fails(Status.NULL_ARG, () -> Ydrz.rsaSign(key, null, SignAlgorithm.SHA256_WITH_RSA, Encoding.BASE64));
        fails(Status.NULL_ARG, () -> Ydrz.rsaVerify(pub, "x", null, SignAlgorithm.SHA256_WITH_RSA, Encoding.BASE64));
        fails(Status.NULL_ARG, () -> Ydrz.rsaEncrypt(pub, null));
        fails(Status.NULL_ARG, () -> Ydrz.rsaDecrypt(key, null));
        fails(Status.NULL_ARG, () -> Ydrz.encryptPhone(pub, PHONE, null, TIMESTAMP));
        fails(Status.NULL_ARG, () -> Ydrz.decryptMsisdn(null, "RP+ama7A6MB2X/o7iETGrQ=="));
        fails(Status.NULL_ARG, () -> Ydrz.codeDescribe(null, null, null));
        fails(Status.NULL_ARG, () -> PrivateKey.load(null));
        fails(Status.NULL_ARG, () -> PublicKey.load(null));
        fails(Status.NULL_ARG, () -> Client.create(null));
    }

    private static String appMd5(String[] a, Encoding encoding) {
        return Ydrz.appLoginMd5Sign(a[0], a[1], a[2], a[3], a[4], a[5], a[6], encoding);
    }

    private static KeyType0Sign keyType0(String[] a) {
        return Ydrz.appNumberSignKeyType0(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
    }

    /** A copy of {@code args} with {@code args[index]} replaced by {@code value}. */
    private static String[] with(String[] args, int index, String value) {
        String[] copy = args.clone();
        copy[index] = value;
        return copy;
    }

    /** {@code sign} signs {@code valid}, and a {@code null} in each place gives NULL_ARG naming the argument. */
    private static void eachNullIsNamed(String[] names, String[] valid, Function<String[], Object> sign) {
        assertNotNull(sign.apply(valid));
        for (int i = 0; i < names.length; i++) {
            String[] args = with(valid, i, null);
            YdrzException e = fails(Status.NULL_ARG, () -> sign.apply(args));
            assertTrue(e.getMessage().contains(names[i] + " is NULL"), e.getMessage());
        }
    }

    @Test
    void appSignsNameEachNullArgument() {
        eachNullIsNamed(APP_MD5_NAMES, APP_MD5_ARGS, a -> appMd5(a, Encoding.HEX_UPPER));
        eachNullIsNamed(KEY_TYPE0_NAMES, KEY_TYPE0_ARGS, BadInputTest::keyType0);
    }

    @Test
    void appSignValuesAreInvalidArg() {
        YdrzException e = fails(Status.INVALID_ARG, () -> appMd5(with(APP_MD5_ARGS, 6, ""), Encoding.HEX_UPPER));
        assertTrue(e.getMessage().contains("app_secret is empty"), e.getMessage());
        String sixteenDigits = TIMESTAMP.substring(0, 16);
        e = fails(Status.INVALID_ARG, () -> appMd5(with(APP_MD5_ARGS, 3, sixteenDigits), Encoding.HEX_UPPER));
        assertTrue(e.getMessage().contains("17 digits"), e.getMessage());
        fails(Status.INVALID_ARG, () -> appMd5(APP_MD5_ARGS, Encoding.BASE64));
        e = fails(Status.INVALID_ARG, () -> keyType0(with(KEY_TYPE0_ARGS, 3, "23800138000")));
        assertTrue(e.getMessage().contains("mobile number"), e.getMessage());
        fails(Status.INVALID_ARG, () -> keyType0(with(KEY_TYPE0_ARGS, 4, sixteenDigits)));
    }

    @Test
    void nullKeysAreNullArg() {
        YdrzException e = fails(Status.NULL_ARG,
                () -> Ydrz.rsaSign(null, "x", SignAlgorithm.SHA256_WITH_RSA, Encoding.BASE64));
        assertTrue(e.getMessage().contains("key"), e.getMessage());
        fails(Status.NULL_ARG, () -> Ydrz.rsaVerify(null, "x", "00", SignAlgorithm.SHA256_WITH_RSA, Encoding.HEX_UPPER));
        fails(Status.NULL_ARG, () -> Ydrz.tokenValidateSign(null, APP_ID, TRACE_ID, TIMESTAMP, "t", "2.0"));
        fails(Status.NULL_ARG, () -> Ydrz.presignSign(null, "p"));
        fails(Status.NULL_ARG, () -> Ydrz.rsaEncrypt(null, "p"));
        fails(Status.NULL_ARG, () -> Ydrz.rsaDecrypt(null, "00"));
        fails(Status.NULL_ARG, () -> Ydrz.encryptPhone(null, PHONE, APP_KEY, TIMESTAMP));
    }

    @Test
    void nullEnumsAreNullPointerExceptions() {
        assertThrows(NullPointerException.class,
                () -> Ydrz.jssdkSign(APP_ID, APP_KEY, TRACE_ID, TIMESTAMP, null, null, null));
        assertThrows(NullPointerException.class, () -> Ydrz.rsaSign(key, "x", null, Encoding.BASE64));
        assertThrows(NullPointerException.class,
                () -> Ydrz.rsaVerify(pub, "x", "00", SignAlgorithm.MD5_WITH_RSA, null));
        assertThrows(NullPointerException.class, () -> appMd5(APP_MD5_ARGS, null));
    }

    @Test
    void nullableArgumentsAcceptNull() {
        assertEquals(Ydrz.jssdkSign(APP_ID, APP_KEY, TRACE_ID, TIMESTAMP, "2.0", "8", Encoding.HEX_UPPER),
                Ydrz.jssdkSign(APP_ID, APP_KEY, TRACE_ID, TIMESTAMP, null, null, Encoding.HEX_UPPER));
        assertTrue(Ydrz.codeDescribe("103000", null, null).startsWith("["));
        assertTrue(Ydrz.codeMessage("103000", null, null).isPresent());
    }

    @Test
    void emptyAndMalformedStringsAreInvalidArg() {
        fails(Status.INVALID_ARG, () -> Ydrz.jssdkSign("", APP_KEY, TRACE_ID, TIMESTAMP));
        fails(Status.INVALID_ARG, () -> Ydrz.jssdkSign(APP_ID, APP_KEY, TRACE_ID, "2024"));
        fails(Status.INVALID_ARG, () -> Ydrz.tokenValidateSign(key, APP_ID, TRACE_ID, TIMESTAMP, "", "2.0"));
        fails(Status.INVALID_ARG, () -> Ydrz.presignSign(key, ""));
        fails(Status.INVALID_ARG, () -> Ydrz.rsaEncrypt(pub, ""));
        fails(Status.INVALID_ARG, () -> Ydrz.encryptPhone(pub, "12345", APP_KEY, TIMESTAMP));
        fails(Status.INVALID_ARG, () -> Ydrz.codeDescribe("103000", "no_such_product", null));
    }

    @Test
    void hexOnlyJssdkSignRefusesBase64() {
        fails(Status.INVALID_ARG,
                () -> Ydrz.jssdkSign(APP_ID, APP_KEY, TRACE_ID, TIMESTAMP, null, null, Encoding.BASE64));
    }

    @Test
    void emptyDataMayBeSigned() {
        String sign = Ydrz.rsaSign(key, "", SignAlgorithm.SHA256_WITH_RSA, Encoding.BASE64);
        assertTrue(Ydrz.rsaVerify(pub, "", sign, SignAlgorithm.SHA256_WITH_RSA, Encoding.BASE64));
    }

    @Test
    void unpairedSurrogatesAreInvalidUtf8() {
        fails(Status.INVALID_UTF8, () -> Ydrz.decryptMsisdn(APP_KEY, "\ud800RP+ama7A6MB2X/o7iETGrQ=="));
    }

    private static final String NUL = "x\u0000tail";

    /** Calls {@code use} on a client with only an app_id: the calls below fail before any request. */
    private static Executable onBareClient(Consumer<Client> use) {
        return () -> {
            try (Client client = Client.create("{\"app_id\":\"" + APP_ID + "\"}")) {
                use.accept(client);
            }
        };
    }

    /** A case of {@link #nulArguments()}: {@code call} passes a U+0000 in the C argument {@code argument}. */
    private static Arguments nul(String method, String argument, Executable call) {
        return Arguments.of(method, argument, call);
    }

    /** Every public method taking strings, with a U+0000 in one string argument. */
    static Stream<Arguments> nulArguments() {
        SignAlgorithm sha256 = SignAlgorithm.SHA256_WITH_RSA;
        return Stream.of(
                nul("PrivateKey.load", "text", () -> PrivateKey.load(NUL)),
                nul("PublicKey.load", "text", () -> PublicKey.load(NUL)),
                nul("jssdkSign", "trace_id", () -> Ydrz.jssdkSign(APP_ID, APP_KEY, NUL, TIMESTAMP)),
                nul("jssdkSign businessType", "business_type",
                        () -> Ydrz.jssdkSign(APP_ID, APP_KEY, TRACE_ID, TIMESTAMP, null, NUL, Encoding.HEX_UPPER)),
                nul("tokenValidateSign", "version",
                        () -> Ydrz.tokenValidateSign(key, APP_ID, TRACE_ID, TIMESTAMP, TOKEN_APP, NUL)),
                nul("presignSign", "presign", () -> Ydrz.presignSign(key, NUL)),
                nul("appLoginMd5Sign", "strict_check", () -> appMd5(with(APP_MD5_ARGS, 4, NUL), Encoding.HEX_UPPER)),
                nul("appNumberSignKeyType0", "msg_id", () -> keyType0(with(KEY_TYPE0_ARGS, 2, NUL))),
                nul("rsaSign", "data", () -> Ydrz.rsaSign(key, NUL, sha256, Encoding.BASE64)),
                nul("rsaVerify data", "data", () -> Ydrz.rsaVerify(pub, NUL, "AAAA", sha256, Encoding.BASE64)),
                nul("rsaVerify signature", "signature", () -> Ydrz.rsaVerify(pub, "x", NUL, sha256, Encoding.BASE64)),
                nul("rsaEncrypt", "plaintext", () -> Ydrz.rsaEncrypt(pub, NUL)),
                nul("rsaDecrypt", "ciphertext", () -> Ydrz.rsaDecrypt(key, NUL)),
                nul("encryptPhone", "timestamp", () -> Ydrz.encryptPhone(pub, PHONE, APP_KEY, NUL)),
                nul("decryptMsisdn", "msisdn", () -> Ydrz.decryptMsisdn(APP_KEY, NUL)),
                nul("codeMessage", "code", () -> Ydrz.codeMessage(NUL)),
                nul("codeMessage product", "product", () -> Ydrz.codeMessage("103000", NUL, null)),
                nul("codeDescribe", "stage", () -> Ydrz.codeDescribe("103000", null, NUL)),
                nul("Client.create", "config_json", () -> Client.create("{\"app_id\":\"" + NUL + "\"}")),
                nul("Client.presignSign", "presign", onBareClient(c -> c.presignSign(NUL))),
                nul("Client.presignStep", "presign", onBareClient(c -> c.presignStep(NUL))),
                nul("Client.presignAccept", "signature_base64", onBareClient(c -> c.presignAccept("p", NUL))),
                nul("Client.onekeyValidate", "expand_params", onBareClient(c -> c.onekeyValidate("t", "ui", NUL))),
                nul("Client.numberVerify", "phone", onBareClient(c -> c.numberVerify("t", "ui", NUL))),
                nul("Client.appLoginValidate", "token", onBareClient(c -> c.appLoginValidate(NUL))),
                nul("Client.appNumberVerify", "expand_params", onBareClient(c -> c.appNumberVerify("t", PHONE, NUL))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nulArguments")
    void nulCharactersAreInvalidArg(String method, String argument, Executable call) {
        YdrzException e = fails(Status.INVALID_ARG, call);
        assertTrue(e.getMessage().contains(argument + " contains a U+0000 character"), e.getMessage());
    }

    @Test
    void nonAsciiTextRoundTrips() {
        String text = "移动认证 — ✓ 😀";
        assertEquals(text, Ydrz.rsaDecrypt(key, Ydrz.rsaEncrypt(pub, text)));
        String sign = Ydrz.rsaSign(key, text, SignAlgorithm.MD5_WITH_RSA, Encoding.HEX_LOWER);
        assertTrue(Ydrz.rsaVerify(pub, text, sign, SignAlgorithm.MD5_WITH_RSA, Encoding.HEX_UPPER));
    }

    @Test
    void invalidKeysAreKeyErrors() {
        fails(Status.KEY, () -> PrivateKey.load(""));
        fails(Status.KEY, () -> PrivateKey.load("not a key"));
        fails(Status.KEY, () -> PrivateKey.load(Vectors.publicKey("customer_1024")));
        fails(Status.KEY, () -> PublicKey.load(Vectors.privateKey("customer_1024")));
        fails(Status.KEY, () -> PublicKey.load("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"));
        fails(Status.KEY, () -> Ydrz.generateKeyPair(512));
        fails(Status.KEY, () -> Ydrz.generateKeyPair(-1));
    }

    @Test
    void badCiphertextsAreCryptoErrors() {
        fails(Status.CRYPTO, () -> Ydrz.rsaDecrypt(key, "AAAA"));
        String other = Ydrz.rsaEncrypt(pub, "x");
        try (PrivateKey wrong = PrivateKey.load(Vectors.privateKey("customer_2048"))) {
            fails(Status.CRYPTO, () -> Ydrz.rsaDecrypt(wrong, other));
        }
        fails(Status.CRYPTO, () -> Ydrz.decryptMsisdn("0000000000000000", "RP+ama7A6MB2X/o7iETGrQ=="));
    }

    @Test
    void badSignaturesAreFalseNotErrors() {
        assertFalse(Ydrz.rsaVerify(pub, "x", "not hex", SignAlgorithm.SHA256_WITH_RSA, Encoding.HEX_UPPER));
        assertFalse(Ydrz.rsaVerify(pub, "x", "", SignAlgorithm.SHA256_WITH_RSA, Encoding.BASE64));
    }

    @Test
    void unknownCodesHaveNoMessage() {
        assertFalse(Ydrz.codeMessage("999999999").isPresent());
        assertFalse(Ydrz.codeMessage(null).isPresent());
        assertEquals("[]", Ydrz.codeDescribe("999999999", null, null));
        assertEquals("成功", Ydrz.codeMessage("103000").orElseThrow());
    }

    @Test
    void badClientConfigs() {
        fails(Status.INVALID_ARG, () -> Client.create(""));
        fails(Status.INVALID_ARG, () -> Client.create("{}"));
        YdrzException e = fails(Status.INVALID_ARG, () -> Client.create("{\"app_id\":\"1\",\"app_kee\":\"x\"}"));
        assertTrue(e.getMessage().contains("app_kee"), e.getMessage());
        fails(Status.INVALID_ARG, () -> Client.create("{\"app_id\":\"1\",\"base_url\":\"http://example.com\"}"));
        fails(Status.KEY, () -> Client.create("{\"app_id\":\"1\",\"private_key\":\"nope\"}"));
    }

    @Test
    void clientCallsCheckArgumentsAndConfigBeforeSending() throws IOException {
        int freePort; // a port nothing listens on once the socket is closed
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        try (Client bare = Client.create("{\"app_id\":\"" + APP_ID + "\"}")) {
            fails(Status.INVALID_ARG, bare::jssdkParams); // no app_key
            fails(Status.INVALID_ARG, () -> bare.presignSign("p")); // no private_key
        }
        String config = "{\"app_id\":\"" + APP_ID + "\",\"app_key\":\"" + APP_KEY + "\",\"private_key\":\""
                + Vectors.privateKey("customer_1024") + "\",\"base_url\":\"http://127.0.0.1:" + freePort + "\"}";
        try (Client client = Client.create(config)) {
            fails(Status.NULL_ARG, () -> client.onekeyValidate(null, "ui"));
            fails(Status.NULL_ARG, () -> client.onekeyValidate("t", null));
            fails(Status.NULL_ARG, () -> client.numberVerify("t", "ui", null));
            fails(Status.NULL_ARG, () -> client.appLoginValidate(null));
            fails(Status.NULL_ARG, () -> client.appNumberVerify("t", null));
            // A request that cannot connect is a network error.
            fails(Status.NETWORK, () -> client.onekeyValidate("token-network", "ui"));
        }
    }

    @Test
    void statusNamesMatchTheEnum() {
        for (Status s : Status.values()) {
            if (s == Status.UNKNOWN) {
                assertEquals("YDRZ_UNKNOWN", Ydrz.statusName(12345));
                assertEquals(Status.UNKNOWN, Status.fromCode(12345));
            } else {
                String expected = s == Status.OK ? "YDRZ_OK" : "YDRZ_E_" + s.name();
                assertEquals(expected, Ydrz.statusName(s.code()));
                assertEquals(s, Status.fromCode(s.code()));
            }
        }
    }

    @Test
    void versionAndAbi() {
        assertTrue(Ydrz.version().matches("\\d+\\.\\d+\\.\\d+.*"), Ydrz.version());
        assertEquals(NativeLoader.ABI_VERSION, Ydrz.abiVersion());
    }

    @Test
    void generatedKeysWork() {
        GeneratedKeyPair pair = Ydrz.generateKeyPair(1024);
        assertFalse(pair.toString().contains(pair.privateKeyPkcs8()), "toString hides the private key");
        try (PrivateKey k = PrivateKey.load(pair.privateKeyPkcs8()); PublicKey p = PublicKey.load(pair.publicKeySpki())) {
            assertEquals(pair.publicKeySpki(), k.publicKeySpki());
            assertEquals("ok", Ydrz.rsaDecrypt(k, Ydrz.rsaEncrypt(p, "ok")));
        }
    }
}
