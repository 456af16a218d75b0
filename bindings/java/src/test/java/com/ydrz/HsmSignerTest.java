package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real HSM: the sandbox app's private key lives only in a SoftHSM2 token, reached through the JDK's SunPKCS11
 * provider; the client holds the public key ({@code "signer": "external"}) and validates against the sandbox
 * process. A missing SoftHSM2 fails the class, saying to run scripts/setup.sh.
 */
class HsmSignerTest extends WithSandbox {
    private static SoftHsm hsm;

    @BeforeAll
    static void importTheKeyIntoAToken() throws Exception {
        hsm = SoftHsm.withKey(sandbox.demo().get("customer_private_key").getAsString(), "ydrz-demo");
    }

    @Test
    void theKeyIsATokenObjectTheClientNeverSees() {
        assertTrue(hsm.key().getClass().getName().startsWith("sun.security.pkcs11."), hsm.key().getClass().getName());
        assertNull(hsm.key().getEncoded(), "a sensitive token key has no encoding outside the token");
        assertFalse(externalConfig().has("private_key"));
    }

    @Test
    void oneClickLoginAndNumberVerificationAreSignedInTheHsm() throws Exception {
        try (Client client = Client.create(externalConfig().toString(), hsm)) {
            JsonObject login = sandbox.token("onekey", PHONE);
            assertEquals(PHONE, client.onekeyValidate(value(login), userInformation(login)).phone());
            assertEquals(1, requests(login));
            JsonObject same = sandbox.token("number_verify", PHONE);
            assertTrue(client.numberVerify(value(same), userInformation(same), PHONE).matched());
            JsonObject other = sandbox.token("number_verify", PHONE);
            assertFalse(client.numberVerify(value(other), userInformation(other), OTHER_PHONE).matched());
            assertEquals(1, requests(other));
        }
    }

    @Test
    void appNumberVerificationIsSignedInTheHsm() throws Exception {
        try (Client client = Client.create(externalConfig().toString(), hsm)) {
            assertTrue(client.appNumberVerify(value(sandbox.token("app_number", PHONE)), PHONE).matched());
            assertFalse(client.appNumberVerify(value(sandbox.token("app_number", PHONE)), OTHER_PHONE).matched());
        }
    }

    /** The jssdk preSign of number verification: the same sign as a client holding the private key makes. */
    @Test
    void thePresignIsSignedInTheHsm() throws Exception {
        String presign = Vectors.fixed("preSign");
        String expected;
        try (Client own = sandbox.client()) {
            expected = own.presignSign(presign);
        }
        try (Client client = Client.create(externalConfig().toString(), hsm)) {
            assertEquals(expected, client.presignSign(presign));
            Map<String, String> step = client.presignStep(presign);
            assertEquals("MD5withRSA", step.get("algorithm"));
            byte[] input = Base64.getDecoder().decode(step.get("input_base64"));
            assertEquals(presign, new String(input, StandardCharsets.UTF_8));
            YdrzException wrongAlgorithm = assertThrows(YdrzException.class, () -> client.presignAccept(presign,
                    Base64.getEncoder().encodeToString(hsm.sign("SHA256withRSA", input))));
            assertEquals(Status.SIGNATURE, wrongAlgorithm.status());
            assertTrue(wrongAlgorithm.getMessage().startsWith("wrong algorithm"), wrongAlgorithm.getMessage());
            assertEquals(expected,
                    client.presignAccept(presign, Base64.getEncoder().encodeToString(hsm.sign("MD5withRSA", input))));
        }
    }

    @Test
    void theAsyncValidationsAreSignedInTheHsm() throws Exception {
        try (Client client = Client.create(externalConfig().toString(), hsm)) {
            JsonObject login = sandbox.token("onekey", PHONE);
            assertEquals(PHONE, client.onekeyValidateAsync(value(login), userInformation(login), null)
                    .get(20, TimeUnit.SECONDS).phone());
            JsonObject verify = sandbox.token("number_verify", PHONE);
            assertTrue(client.numberVerifyAsync(value(verify), userInformation(verify), PHONE, null)
                    .get(20, TimeUnit.SECONDS).matched());
        }
    }

    @Test
    void aSignatureByAnotherKeyIsRefusedBeforeAnythingIsSent() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", hsm.provider());
        generator.initialize(1024);
        PrivateKey otherKey = generator.generateKeyPair().getPrivate(); // another key of the same token
        ExternalSigner otherSigner = (algorithm, data) -> hsm.sign(otherKey, algorithm, data);
        JsonObject login = sandbox.token("onekey", PHONE);
        try (Client client = Client.create(externalConfig().toString(), otherSigner)) {
            YdrzException refused = assertThrows(YdrzException.class,
                    () -> client.onekeyValidate(value(login), userInformation(login)));
            assertEquals(Status.SIGNATURE, refused.status(), refused.toString());
            assertTrue(refused.getMessage().startsWith("wrong key"), refused.getMessage());
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> client.onekeyValidateAsync(value(login), userInformation(login), null).get(20, TimeUnit.SECONDS));
            assertEquals(Status.SIGNATURE, ((YdrzException) failed.getCause()).status());
        }
        assertEquals(0, requests(login), "nothing was sent");
        try (Client client = Client.create(externalConfig().toString(), hsm)) {
            assertEquals(PHONE, client.onekeyValidate(value(login), userInformation(login)).phone(),
                    "the refused validations released the token");
        }
        assertEquals(1, requests(login));
    }

    /** The thin calls with the application's own HTTP client: pending, provide, request, finish. */
    @Test
    void anExchangeIsSignedStepByStep() throws Exception {
        JsonObject login = sandbox.token("onekey", PHONE);
        try (Client client = Client.create(externalConfig().toString(), hsm);
                Exchange<Validation> exchange = client.onekeyBegin(value(login), userInformation(login), null)) {
            Map<String, String> step = exchange.pending();
            assertEquals("sign", step.get("step"));
            assertEquals("SHA256withRSA", step.get("algorithm"));
            assertEquals(Status.INVALID_ARG, assertThrows(YdrzException.class, exchange::request).status());
            byte[] input = Base64.getDecoder().decode(step.get("input_base64"));
            YdrzException wrongAlgorithm = assertThrows(YdrzException.class,
                    () -> exchange.provide(Base64.getEncoder().encodeToString(hsm.sign("MD5withRSA", input))));
            assertEquals(Status.SIGNATURE, wrongAlgorithm.status());
            assertTrue(wrongAlgorithm.getMessage().startsWith("wrong algorithm"), wrongAlgorithm.getMessage());
            assertEquals(0, requests(login));
            exchange.signWith(hsm);
            assertEquals(Map.of("step", "send"), exchange.pending());
            exchange.signWith(hsm); // nothing left to sign
            assertEquals(PHONE, ExchangeTest.sendAndFinish(exchange).phone());
        }
        assertEquals(1, requests(login));
    }

    /** App login in RSA mode: the msisdn comes back encrypted to the key in the token, which decrypts it. */
    private static JsonObject rsaModeConfig() {
        JsonObject config = externalConfig();
        JsonObject appLogin = new JsonObject();
        appLogin.addProperty("mode", "rsa");
        config.add("app_login", appLogin);
        return config;
    }

    @Test
    void appLoginInRsaModeIsDecryptedInTheHsm() throws Exception {
        try (Client client = Client.create(rsaModeConfig().toString(), hsm)) {
            JsonObject login = sandbox.token("app_login", PHONE);
            assertEquals(PHONE, client.appLoginValidate(value(login)).phone());
            assertEquals(1, requests(login));
            JsonObject later = sandbox.token("app_login", PHONE);
            assertEquals(PHONE, client.appLoginValidateAsync(value(later), null).get(20, TimeUnit.SECONDS).phone());
        }
    }

    /** The thin calls: finish says the answer waits for the decryption, pending gives it, provide, result. */
    @Test
    void appLoginInRsaModeStepByStep() throws Exception {
        JsonObject login = sandbox.token("app_login", PHONE);
        try (Client client = Client.create(rsaModeConfig().toString(), hsm);
                Exchange<Validation> exchange = client.appLoginBegin(value(login), null)) {
            exchange.signWith(hsm);
            YdrzException waits = assertThrows(YdrzException.class, () -> ExchangeTest.sendAndFinish(exchange));
            assertEquals(Exchange.DECRYPTION_PENDING, waits.getMessage());
            Map<String, String> step = exchange.pending();
            assertEquals("decrypt", step.get("step"));
            assertEquals("RSA/ECB/PKCS1Padding", step.get("algorithm"));
            assertEquals("128", step.get("block_bytes"), "one block of the 1024-bit key");
            assertEquals(Status.INVALID_ARG, assertThrows(YdrzException.class, exchange::result).status());
            String notAPhone = Base64.getEncoder().encodeToString("not a phone".getBytes(StandardCharsets.UTF_8));
            assertEquals(Status.CRYPTO, assertThrows(YdrzException.class, () -> exchange.provide(notAPhone)).status());
            byte[] plaintext = hsm.decrypt(step.get("algorithm"), Base64.getDecoder().decode(step.get("input_base64")));
            exchange.provide(Base64.getEncoder().encodeToString(plaintext));
            assertEquals(Map.of("step", "done"), exchange.pending());
            assertEquals(PHONE, exchange.result().phone());
        }
        assertEquals(1, requests(login));
    }

    /** finish(status, body, signer): the signer's decryption in one call. */
    @Test
    void appLoginInRsaModeFinishedWithTheSigner() throws Exception {
        JsonObject login = sandbox.token("app_login", PHONE);
        try (Client client = Client.create(rsaModeConfig().toString(), hsm);
                Exchange<Validation> exchange = client.appLoginBegin(value(login), null)) {
            exchange.signWith(hsm);
            HttpResponse<byte[]> answer = ExchangeTest.send(exchange);
            assertEquals(PHONE, exchange.finish(answer.statusCode(), answer.body(), hsm).phone());
            assertEquals(PHONE, exchange.result().phone());
        }
    }

    @Test
    void aSignerThatCannotDecryptFailsAfterTheRequestWasSent() throws Exception {
        JsonObject login = sandbox.token("app_login", PHONE);
        ExternalSigner signOnly = hsm::sign;
        try (Client client = Client.create(rsaModeConfig().toString(), signOnly)) {
            ExternalSignerException e = assertThrows(ExternalSignerException.class,
                    () -> client.appLoginValidate(value(login)));
            assertTrue(e.getCause() instanceof UnsupportedOperationException, e.getCause().toString());
            assertEquals("the external signer failed to decrypt (RSA/ECB/PKCS1Padding)", e.getMessage());
            assertEquals(Status.TOKEN_REUSED,
                    assertThrows(YdrzException.class, () -> client.appLoginValidate(value(login))).status());
        }
        assertEquals(1, requests(login), "sent once, spent");
    }
}
