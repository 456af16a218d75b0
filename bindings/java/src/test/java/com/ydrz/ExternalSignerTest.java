package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the validations drive an {@link ExternalSigner} (here the JDK's software RSA with the sandbox app's key,
 * standing in for any signer): failures, asynchronous signers, cancellation, misconfiguration. The HSM itself is
 * {@link HsmSignerTest}.
 */
class ExternalSignerTest extends WithSandbox {
    private static PrivateKey key;
    private static ExternalSigner software;

    @BeforeAll
    static void loadTheKey() throws Exception {
        byte[] pkcs8 = Base64.getDecoder().decode(sandbox.demo().get("customer_private_key").getAsString());
        key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        software = ExternalSignerTest::sign;
    }

    private static byte[] sign(String algorithm, byte[] data) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(key);
        signature.update(data);
        return signature.sign();
    }

    /** A signer whose asynchronous signature completes when the test completes {@code gate}. */
    private static ExternalSigner gated(CompletableFuture<Void> gate) {
        return new ExternalSigner() {
            @Override
            public byte[] sign(String algorithm, byte[] data) {
                throw new AssertionError("the validations call signAsync");
            }

            @Override
            public CompletionStage<byte[]> signAsync(String algorithm, byte[] data) {
                return gate.thenApplyAsync(ignored -> {
                    try {
                        return ExternalSignerTest.sign(algorithm, data);
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        };
    }

    @Test
    void aFailingSignerFailsTheValidationBeforeAnythingIsSentAndReleasesTheToken() throws Exception {
        JsonObject login = sandbox.token("onekey", PHONE);
        GeneralSecurityException offline = new GeneralSecurityException("the HSM is offline");
        try (Client failing = Client.create(externalConfig().toString(), (algorithm, data) -> {
                    throw offline;
                });
                Client empty = Client.create(externalConfig().toString(), (algorithm, data) -> null);
                Client failingAsync = Client.create(externalConfig().toString(), new ExternalSigner() {
                    @Override
                    public byte[] sign(String algorithm, byte[] data) {
                        throw new AssertionError("the validations call signAsync");
                    }

                    @Override
                    public CompletionStage<byte[]> signAsync(String algorithm, byte[] data) {
                        return CompletableFuture.failedFuture(new IllegalStateException("KMS throttled"));
                    }
                })) {
            ExternalSignerException e = assertThrows(ExternalSignerException.class,
                    () -> failing.onekeyValidate(value(login), userInformation(login)));
            assertSame(offline, e.getCause());
            assertEquals("the external signer failed to sign (SHA256withRSA)", e.getMessage());
            assertSame(offline, assertThrows(ExternalSignerException.class, () -> failing.presignSign("p")).getCause());
            ExecutionException async = assertThrows(ExecutionException.class,
                    () -> failing.onekeyValidateAsync(value(login), userInformation(login), null).get(20, TimeUnit.SECONDS));
            assertSame(offline, async.getCause().getCause());
            e = assertThrows(ExternalSignerException.class,
                    () -> empty.onekeyValidate(value(login), userInformation(login)));
            assertTrue(e.getCause() instanceof NullPointerException, e.getCause().toString());
            async = assertThrows(ExecutionException.class, () -> failingAsync.onekeyValidateAsync(value(login),
                    userInformation(login), null).get(20, TimeUnit.SECONDS));
            assertEquals("KMS throttled", async.getCause().getCause().getMessage());
        }
        assertEquals(0, requests(login));
        try (Client client = Client.create(externalConfig().toString(), software)) {
            assertEquals(PHONE, client.onekeyValidate(value(login), userInformation(login)).phone());
        }
        assertEquals(1, requests(login));
    }

    @Test
    void anAsyncSignerIsAwaitedWithoutHoldingTheCaller() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        JsonObject login = sandbox.token("onekey", PHONE);
        try (Client client = Client.create(externalConfig().toString(), gated(gate))) {
            CompletableFuture<Validation> validation =
                    client.onekeyValidateAsync(value(login), userInformation(login), null);
            assertFalse(validation.isDone(), "the signer has not signed yet");
            assertEquals(0, requests(login));
            gate.complete(null);
            assertEquals(PHONE, validation.get(20, TimeUnit.SECONDS).phone());
        }
        assertEquals(1, requests(login));
    }

    @Test
    void cancelledWhileTheSignerWorksNothingIsSentAndTheTokenIsReleased() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        JsonObject login = sandbox.token("onekey", PHONE);
        try (Client client = Client.create(externalConfig().toString(), gated(gate))) {
            CompletableFuture<Validation> validation =
                    client.onekeyValidateAsync(value(login), userInformation(login), null);
            assertTrue(validation.cancel(true));
            gate.complete(null);
            // The released token validates once the signer's late signature was dropped.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Validation again = null;
            while (again == null) {
                try {
                    again = reuse(client, login);
                } catch (YdrzException reserved) {
                    assertEquals(Status.TOKEN_REUSED, reserved.status());
                    assertTrue(System.nanoTime() < deadline, "the token stayed reserved");
                    Thread.sleep(20);
                }
            }
            assertEquals(PHONE, again.phone());
        }
        assertEquals(1, requests(login));
    }

    /** Validates {@code login} on {@code client} with the software signer's signature, step by step. */
    private static Validation reuse(Client client, JsonObject login) throws Exception {
        try (Exchange<Validation> exchange = client.onekeyBegin(value(login), userInformation(login), null)) {
            exchange.signWith(software);
            return ExchangeTest.sendAndFinish(exchange);
        }
    }

    @Test
    void aSignerIsForAnExternalConfigurationOnly() throws Exception {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> Client.create(sandbox.clientConfig().toString(), software));
        assertTrue(wrong.getMessage().contains("\"signer\": \"external\""), wrong.getMessage());
        assertThrows(NullPointerException.class, () -> Client.create(externalConfig().toString(), (ExternalSigner) null));
        JsonObject login = sandbox.token("onekey", PHONE);
        try (Client unsigned = Client.create(externalConfig().toString())) {
            YdrzException e = assertThrows(YdrzException.class,
                    () -> unsigned.onekeyValidate(value(login), userInformation(login)));
            assertEquals(Status.INVALID_ARG, e.status());
            assertTrue(e.getMessage().contains("external signer"), e.getMessage());
        }
        assertEquals(0, requests(login));
    }

    @Test
    void signWithDoesNothingForAClientThatSignsItself() throws Exception {
        JsonObject login = sandbox.token("onekey", PHONE);
        try (Client client = sandbox.client();
                Exchange<Validation> exchange = client.onekeyBegin(value(login), userInformation(login), null)) {
            exchange.signWith((algorithm, data) -> {
                throw new AssertionError("nothing to sign");
            });
            assertEquals(Map.of("step", "send"), exchange.pending());
            assertEquals(PHONE, ExchangeTest.sendAndFinish(exchange).phone());
        }
    }
}
