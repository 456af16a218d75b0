package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The blocking methods, sent with the client's java.net.http HttpClient, against a sandbox process: single use
 * on every failure, interrupts, and the user's HttpClient.
 */
class BlockingHttpTest extends WithSandbox {
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aConnectionRefusedReleasesTheTokenSoTheNextCallSendsIt() throws Exception {
        JsonObject token = sandbox.token("onekey", PHONE);
        JsonObject refused = json("{\"base_url\":\"http://127.0.0.1:" + closedPort() + "\"}");
        String config = sandbox.clientConfig().toString();
        try (Client client = sandbox.client(refused)) {
            YdrzException e = BadInputTest.fails(Status.NETWORK,
                    () -> client.onekeyValidate(value(token), userInformation(token)));
            assertFalse(e.getMessage().contains(value(token)), "no token in the message");
            client.onekeyBegin(value(token), userInformation(token), null).close(); // released, not TOKEN_REUSED
        }
        assertEquals(0, requests(token));
        try (Client client = Client.create(config)) {
            assertEquals(PHONE, client.onekeyValidate(value(token), userInformation(token)).phone());
        }
        assertEquals(1, requests(token));
    }

    @Test
    void aTimeoutAfterSendingKeepsTheToken() throws Exception {
        sandbox.control("/faults", json("{\"kind\":\"delay\",\"delay_ms\":2000,\"count\":1}"));
        JsonObject token = sandbox.token("app_login", PHONE);
        try (Client client = sandbox.client(json("{\"timeout_ms\":500}"))) {
            BadInputTest.fails(Status.TIMEOUT, () -> client.appLoginValidate(value(token)));
            BadInputTest.fails(Status.TOKEN_REUSED, () -> client.appLoginValidate(value(token)));
        }
        assertEquals(1, requests(token));
    }

    @Test
    void interruptingABlockedCallerAbortsAndKeepsTheToken() throws Exception {
        sandbox.control("/faults", json("{\"kind\":\"delay\",\"delay_ms\":5000,\"count\":1}"));
        JsonObject token = sandbox.token("onekey", PHONE);
        try (Client client = sandbox.client()) {
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
            Thread caller = new Thread(() -> {
                try {
                    client.onekeyValidate(value(token), userInformation(token));
                    thrown.complete(null);
                } catch (Throwable t) {
                    thrown.complete(t);
                }
                stillInterrupted.complete(Thread.currentThread().isInterrupted());
            });
            caller.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (requests(token) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, requests(token), "the sandbox got the request");
            long interrupted = System.nanoTime();
            caller.interrupt();
            Throwable t = thrown.get(3, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - interrupted < TimeUnit.SECONDS.toNanos(2), "returned before the answer");
            assertTrue(t instanceof YdrzException, String.valueOf(t));
            assertEquals(Status.NETWORK, ((YdrzException) t).status());
            assertTrue(t.getCause() instanceof InterruptedException, String.valueOf(t.getCause()));
            assertTrue(stillInterrupted.get(1, TimeUnit.SECONDS), "the interrupt status is kept");
            BadInputTest.fails(Status.TOKEN_REUSED, () -> client.onekeyValidate(value(token), userInformation(token)));
        }
        assertEquals(1, requests(token));
    }

    @Test
    void allFourBlockingMethodsSendWithTheUsersHttpClient() throws Exception {
        AtomicInteger tasks = new AtomicInteger();
        Executor pool = Executors.newCachedThreadPool();
        Executor counting = task -> {
            tasks.incrementAndGet();
            pool.execute(task);
        };
        HttpClient http = HttpClient.newBuilder().executor(counting).build();
        try (Client client = Client.create(sandbox.clientConfig().toString(), http)) {
            JsonObject login = sandbox.token("onekey", PHONE);
            assertEquals(PHONE, client.onekeyValidate(value(login), userInformation(login)).phone());
            int afterFirst = tasks.get();
            assertTrue(afterFirst > 0, "the HttpClient's executor ran the exchange");
            JsonObject verify = sandbox.token("number_verify", PHONE);
            assertFalse(client.numberVerify(value(verify), userInformation(verify), OTHER_PHONE).matched());
            JsonObject app = sandbox.token("app_login", PHONE);
            Validation phone = client.appLoginValidate(value(app));
            assertEquals(PHONE, phone.phone());
            assertNotNull(json(phone.detailsJson()).get("resultCode"));
            JsonObject appNumber = sandbox.token("app_number", PHONE);
            assertTrue(client.appNumberVerify(value(appNumber), PHONE).matched());
            assertTrue(tasks.get() > afterFirst, "every call went through the HttpClient");
            BadInputTest.fails(Status.TOKEN_REUSED, () -> client.appNumberVerify(value(appNumber), PHONE));
            assertEquals(1, requests(appNumber));
        }
    }

    @Test
    void aPlatformRefusalKeepsItsStatusAndCode() throws Exception {
        JsonObject token = sandbox.token("onekey", PHONE);
        try (Client client = sandbox.client()) {
            YdrzException e = BadInputTest.fails(Status.PLATFORM,
                    () -> client.onekeyValidate(value(token), "not the jssdk's userInformation"));
            assertNotNull(e.platformCode());
        }
    }
}
