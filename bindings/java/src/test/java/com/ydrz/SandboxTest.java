package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** End to end: the client against a sandbox process that this class spawns. */
class SandboxTest extends WithSandbox {
    /** Asserts a YDRZ_E_PLATFORM error with {@code code} whose message does not show the phone number. */
    private static void assertPlatformError(String code, org.junit.jupiter.api.function.Executable call) {
        YdrzException e = BadInputTest.fails(Status.PLATFORM, call);
        assertEquals(code, e.platformCode());
        assertEquals("YDRZ_E_PLATFORM", e.statusName());
        assertTrue(e.getMessage().contains(code), e.getMessage());
        assertFalse(e.getMessage().contains(PHONE), "no phone number in the message");
    }

    @Test
    void jssdkParamsCarryAValidSign() {
        JsonObject params;
        try (Client client = sandbox.client()) {
            params = json(client.jssdkParams());
        }
        assertEquals(sandbox.demo().get("app_id").getAsString(), params.get("appId").getAsString());
        assertEquals(params.get("traceId").getAsString(), params.get("msgId").getAsString());
        String expected = Ydrz.jssdkSign(params.get("appId").getAsString(), sandbox.demo().get("app_key").getAsString(),
                params.get("traceId").getAsString(), params.get("timestamp").getAsString(),
                params.get("version").getAsString(), params.get("businessType").getAsString(), Encoding.HEX_UPPER);
        assertEquals(expected, params.get("sign").getAsString());
    }

    @Test
    void presignSignUsesTheConfiguredKey() {
        String presign = Vectors.fixed("preSign");
        try (Client client = sandbox.client();
                PrivateKey key = PrivateKey.load(sandbox.demo().get("customer_private_key").getAsString())) {
            assertEquals(Ydrz.presignSign(key, presign), client.presignSign(presign));
        }
    }

    @Test
    void onekeyLoginReturnsThePhone() throws Exception {
        JsonObject token = sandbox.token("onekey", PHONE);
        Validation result;
        try (Client client = sandbox.client()) {
            result = client.onekeyValidate(token.get("token").getAsString(),
                    token.get("userInformation").getAsString());
        }
        assertEquals(PHONE, result.phone());
        JsonObject details = json(result.detailsJson());
        assertEquals("103000", details.get("resultCode").getAsString());
        assertEquals(200, details.get("http_status").getAsInt());
        assertEquals("138****8000", details.get("securityPhone").getAsString());
        assertFalse(result.toString().contains(PHONE));
        assertTrue(result.toString().contains("138****8000"));
    }

    @Test
    void onekeyLoginWithExpandParamsReturnsThePhone() throws Exception {
        JsonObject token = sandbox.token("onekey", PHONE);
        try (Client client = sandbox.client()) {
            Validation result = client.onekeyValidate(token.get("token").getAsString(),
                    token.get("userInformation").getAsString(), "channel=test&campaign=夏");
            assertEquals(PHONE, result.phone());
            assertEquals("103000", json(result.detailsJson()).get("resultCode").getAsString());
        }
    }

    @Test
    void numberVerificationMatchAndNoMatch() throws Exception {
        try (Client client = sandbox.client()) {
            JsonObject token = sandbox.token("number_verify", PHONE);
            Verification matched = client.numberVerify(token.get("token").getAsString(),
                    token.get("userInformation").getAsString(), PHONE);
            token = sandbox.token("number_verify", PHONE);
            Verification other = client.numberVerify(token.get("token").getAsString(),
                    token.get("userInformation").getAsString(), OTHER_PHONE, "");
            assertTrue(matched.matched());
            assertEquals("000", json(matched.detailsJson()).get("resultCode").getAsString());
            assertEquals("Verification{matched=true}", matched.toString());
            assertFalse(matched.toString().contains(PHONE), "no phone number in toString");
            assertFalse(other.matched());
            assertEquals("Verification{matched=false}", other.toString());
            assertEquals("001", json(other.detailsJson()).get("resultCode").getAsString());
        }
    }

    @Test
    void appLoginReturnsThePhone() throws Exception {
        JsonObject token = sandbox.token("app_login", PHONE);
        try (Client client = sandbox.client()) {
            Validation result = client.appLoginValidate(token.get("token").getAsString());
            assertEquals(PHONE, result.phone());
            assertEquals("103000", json(result.detailsJson()).get("resultCode").getAsString());
        }
    }

    @Test
    void appLoginInRsaModeReturnsThePhone() throws Exception {
        JsonObject token = sandbox.token("app_login", PHONE);
        JsonObject rsaMode = json("{\"app_login\":{\"mode\":\"rsa\"}}");
        try (Client client = sandbox.client(rsaMode)) {
            assertEquals(PHONE, client.appLoginValidate(token.get("token").getAsString(), null).phone());
        }
    }

    @Test
    void appNumberVerificationMatchAndNoMatch() throws Exception {
        try (Client client = sandbox.client()) {
            assertTrue(client.appNumberVerify(sandbox.token("app_number", PHONE).get("token").getAsString(), PHONE)
                    .matched());
            assertFalse(client.appNumberVerify(sandbox.token("app_number", PHONE).get("token").getAsString(),
                    OTHER_PHONE, null).matched());
        }
    }

    @Test
    void appNumberVerificationWithKeyType0() throws Exception {
        try (Client client = sandbox.client(json("{\"app_number\":{\"key_type\":\"0\"}}"))) {
            assertTrue(client.appNumberVerify(sandbox.token("app_number", PHONE).get("token").getAsString(), PHONE)
                    .matched());
        }
    }

    @Test
    void anExpiredTokenGives104007() throws Exception {
        JsonObject token = sandbox.token("onekey", PHONE, 1L);
        Thread.sleep(50);
        try (Client client = sandbox.client()) {
            assertPlatformError("104007", () -> client.onekeyValidate(token.get("token").getAsString(),
                    token.get("userInformation").getAsString()));
        }
    }

    @Test
    void aKeyThatIsNotRegisteredGives104013And130018() throws Exception {
        JsonObject stranger = new JsonObject();
        stranger.addProperty("private_key", Ydrz.generateKeyPair(1024).privateKeyPkcs8());
        try (Client client = sandbox.client(stranger)) {
            JsonObject login = sandbox.token("onekey", PHONE);
            assertPlatformError("104013", () -> client.onekeyValidate(login.get("token").getAsString(),
                    login.get("userInformation").getAsString()));
            JsonObject verify = sandbox.token("number_verify", PHONE);
            assertPlatformError("130018", () -> client.numberVerify(verify.get("token").getAsString(),
                    verify.get("userInformation").getAsString(), PHONE));
        }
    }

    @Test
    void theSameTokenTwiceIsRefusedWithoutASecondRequest() throws Exception {
        JsonObject token = sandbox.token("onekey", PHONE);
        String value = token.get("token").getAsString();
        String userInformation = token.get("userInformation").getAsString();
        try (Client client = sandbox.client()) {
            assertEquals(PHONE, client.onekeyValidate(value, userInformation).phone());
            YdrzException e = BadInputTest.fails(Status.TOKEN_REUSED, () -> client.onekeyValidate(value, userInformation));
            assertEquals("YDRZ_E_TOKEN_REUSED", e.statusName());
        }
        assertEquals(1, sandbox.stats(value).get("requests").getAsInt());
    }

    @Test
    void theDailyLimitGives121011() throws Exception {
        JsonObject limit = new JsonObject();
        limit.add("app_id", sandbox.demo().get("app_id"));
        limit.addProperty("daily_limit", 1);
        sandbox.control("/apps", limit);
        try (Client client = sandbox.client()) {
            JsonObject first = sandbox.token("number_verify", PHONE);
            assertTrue(client.numberVerify(first.get("token").getAsString(),
                    first.get("userInformation").getAsString(), PHONE).matched());
            JsonObject second = sandbox.token("number_verify", PHONE);
            assertPlatformError("121011", () -> client.numberVerify(second.get("token").getAsString(),
                    second.get("userInformation").getAsString(), PHONE));
        }
    }

    @Test
    void aRefusedIpGives104017() throws Exception {
        JsonObject ips = json("{\"allowed_ips\":[\"192.0.2.1\"]}");
        ips.add("app_id", sandbox.demo().get("app_id"));
        sandbox.control("/apps", ips);
        JsonObject token = sandbox.token("onekey", PHONE);
        try (Client client = sandbox.client()) {
            assertPlatformError("104017", () -> client.onekeyValidate(token.get("token").getAsString(),
                    token.get("userInformation").getAsString()));
        }
    }

    @ParameterizedTest(name = "{0} gives {2}")
    @CsvSource({
        "'{\"kind\":\"http_status\",\"status\":503}', 503, HTTP",
        "'{\"kind\":\"malformed_json\"}', 0, PROTOCOL",
        "'{\"kind\":\"reset\"}', 0, NETWORK",
        "'{\"kind\":\"delay\",\"delay_ms\":2000}', 0, TIMEOUT",
    })
    void transportFailuresGiveTheirStatus(String fault, int httpStatus, Status status) throws Exception {
        JsonObject queued = json(fault);
        queued.addProperty("count", 1);
        sandbox.control("/faults", queued);
        JsonObject token = sandbox.token("onekey", PHONE);
        try (Client client = sandbox.client(json("{\"timeout_ms\":500}"))) {
            YdrzException e = BadInputTest.fails(status, () -> client.onekeyValidate(
                    token.get("token").getAsString(), token.get("userInformation").getAsString()));
            if (httpStatus != 0) {
                assertTrue(e.getMessage().contains(String.valueOf(httpStatus)), e.getMessage());
            }
        }
    }
}
