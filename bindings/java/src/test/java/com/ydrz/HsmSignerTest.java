package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
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
            Exchange.Request request = exchange.request();
            HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(request.url()))
                    .timeout(Duration.ofMillis(request.timeoutMillis()))
                    .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
            request.headers().forEach(header -> http.header(header.getKey(), header.getValue()));
            HttpResponse<byte[]> answer = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                    .send(http.build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(PHONE, exchange.finish(answer.statusCode(), answer.body()).phone());
        }
        assertEquals(1, requests(login));
    }
}
