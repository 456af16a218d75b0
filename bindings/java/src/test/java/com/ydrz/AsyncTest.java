package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The {@code *Async} methods on java.net.http against a sandbox process (and a hostile local server). */
class AsyncTest extends WithSandbox {
    /** The YdrzException a future failed with. */
    private static YdrzException failure(CompletableFuture<?> future, Status status) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof YdrzException, String.valueOf(e.getCause()));
        YdrzException ydrz = (YdrzException) e.getCause();
        assertEquals(status, ydrz.status(), ydrz.toString());
        return ydrz;
    }

    @Test
    void allFourInterfacesGiveTheBlockingCallsResults() throws Exception {
        try (Client client = sandbox.client()) {
            JsonObject login = sandbox.token("onekey", PHONE);
            Validation phone = client.onekeyValidateAsync(value(login), userInformation(login), null)
                    .get(20, TimeUnit.SECONDS);
            assertEquals(PHONE, phone.phone());
            assertTrue(json(phone.detailsJson()).has("resultCode"));
            JsonObject verify = sandbox.token("number_verify", PHONE);
            assertFalse(client.numberVerifyAsync(value(verify), userInformation(verify), OTHER_PHONE, null)
                    .get(20, TimeUnit.SECONDS).matched());
            JsonObject app = sandbox.token("app_login", PHONE);
            assertEquals(PHONE, client.appLoginValidateAsync(value(app), null).get(20, TimeUnit.SECONDS).phone());
            JsonObject appNumber = sandbox.token("app_number", PHONE);
            assertTrue(client.appNumberVerifyAsync(value(appNumber), PHONE, null).get(20, TimeUnit.SECONDS).matched());
            assertEquals(1, requests(login));
            failure(client.onekeyValidateAsync(value(login), userInformation(login), null), Status.TOKEN_REUSED);
            assertEquals(1, requests(login), "a reused token is not sent");
        }
    }

    @Test
    void aConnectFailureReleasesTheTokenWithoutSendingIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        JsonObject token = sandbox.token("onekey", PHONE);
        JsonObject config = json("{\"base_url\":\"http://127.0.0.1:" + closedPort + "\"}");
        try (Client client = sandbox.client(config)) {
            YdrzException e = failure(client.onekeyValidateAsync(value(token), userInformation(token), null),
                    Status.NETWORK);
            assertFalse(e.getMessage().contains(value(token)), "no token in the message");
            // Released: the same client begins it again instead of answering TOKEN_REUSED.
            client.onekeyBegin(value(token), userInformation(token), null).close();
        }
        assertEquals(0, requests(token));
    }

    @Test
    void aFailureToBeginIsAFailedFuture() throws Exception {
        try (Client client = sandbox.client()) {
            failure(client.appLoginValidateAsync(null, null), Status.NULL_ARG);
            failure(client.numberVerifyAsync("t", "u", "not a phone", null), Status.INVALID_ARG);
        }
    }

    @Test
    void aTimeoutAfterSendingKeepsTheToken() throws Exception {
        sandbox.control("/faults", json("{\"kind\":\"delay\",\"delay_ms\":2000,\"count\":1}"));
        JsonObject token = sandbox.token("onekey", PHONE);
        try (Client client = sandbox.client(json("{\"timeout_ms\":500}"))) {
            failure(client.onekeyValidateAsync(value(token), userInformation(token), null), Status.TIMEOUT);
            failure(client.onekeyValidateAsync(value(token), userInformation(token), null), Status.TOKEN_REUSED);
        }
        assertEquals(1, requests(token));
    }

    @Test
    void cancelAbortsAndKeepsTheToken() throws Exception {
        sandbox.control("/faults", json("{\"kind\":\"delay\",\"delay_ms\":3000,\"count\":1}"));
        JsonObject token = sandbox.token("onekey", PHONE);
        try (Client client = sandbox.client()) {
            CompletableFuture<Validation> future = client.onekeyValidateAsync(value(token), userInformation(token), null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (requests(token) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, requests(token), "the sandbox got the request");
            assertTrue(future.cancel(true));
            assertThrows(CancellationException.class, () -> future.get(1, TimeUnit.SECONDS));
            BadInputTest.fails(Status.TOKEN_REUSED, () -> client.onekeyBegin(value(token), userInformation(token), null));
        }
        assertEquals(1, requests(token));
    }

    @Test
    void aRedirectIsNotFollowedAndAHugeAnswerIsCutAt1MiB() throws Exception {
        // A real server on a loopback socket: its first answer redirects, its second one never ends.
        AtomicInteger answers = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (answers.getAndIncrement() == 0) {
                exchange.getResponseHeaders().add("Location", sandbox.clientConfig().get("base_url").getAsString());
                exchange.sendResponseHeaders(307, -1);
            } else {
                exchange.sendResponseHeaders(200, 0);
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) ' ');
                try {
                    for (int i = 0; i < 64; i++) { // 4 MiB, far over the limit
                        exchange.getResponseBody().write(chunk);
                    }
                } catch (java.io.IOException stopped) {
                    // the client stopped reading
                }
            }
            exchange.close();
        });
        server.start();
        try (Client client = sandbox.client(json("{\"base_url\":\"http://127.0.0.1:" + server.getAddress().getPort()
                + "\"}"))) {
            JsonObject login = sandbox.token("onekey", PHONE);
            YdrzException redirected = failure(client.onekeyValidateAsync(value(login), userInformation(login), null),
                    Status.HTTP);
            assertTrue(redirected.getMessage().contains("307"), redirected.getMessage());
            JsonObject app = sandbox.token("app_login", PHONE);
            failure(client.appLoginValidateAsync(value(app), null), Status.PROTOCOL);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void cancelClosesTheConnection() throws Exception {
        // A real server on a loopback socket that answers only after the client cancelled: writing its 4 MiB
        // answer fails when the client aborted the request.
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        CompletableFuture<Boolean> writeFailed = new CompletableFuture<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.countDown();
            try {
                cancelled.await(10, TimeUnit.SECONDS);
                Thread.sleep(200);
                exchange.sendResponseHeaders(200, 0);
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 64; i++) {
                    exchange.getResponseBody().write(chunk);
                }
                exchange.getResponseBody().flush();
                writeFailed.complete(false);
            } catch (java.io.IOException aborted) {
                writeFailed.complete(true);
            } catch (InterruptedException e) {
                writeFailed.completeExceptionally(e);
            }
            exchange.close();
        });
        server.start();
        try (Client client = sandbox.client(json("{\"base_url\":\"http://127.0.0.1:" + server.getAddress().getPort()
                + "\"}"))) {
            JsonObject login = sandbox.token("onekey", PHONE);
            CompletableFuture<Validation> future = client.onekeyValidateAsync(value(login), userInformation(login), null);
            assertTrue(received.await(10, TimeUnit.SECONDS), "the server got the request");
            assertTrue(future.cancel(true));
            cancelled.countDown();
            assertTrue(writeFailed.get(20, TimeUnit.SECONDS), "the client closed the connection");
            BadInputTest.fails(Status.TOKEN_REUSED, () -> client.onekeyBegin(value(login), userInformation(login), null));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aUsersHttpClientIsUsedAndMustNotFollowRedirects() throws Exception {
        String config = sandbox.clientConfig().toString();
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        assertThrows(IllegalArgumentException.class, () -> Client.create(config, following));
        JsonObject token = sandbox.token("onekey", PHONE);
        try (Client client = Client.create(config, HttpClient.newBuilder().build())) {
            assertEquals(PHONE, client.onekeyValidateAsync(value(token), userInformation(token), null)
                    .get(20, TimeUnit.SECONDS).phone());
        }
    }
}
