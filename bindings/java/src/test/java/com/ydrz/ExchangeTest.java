package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bring your own HTTP: exchanges sent by the test's own java.net.http client to a sandbox process. */
class ExchangeTest extends WithSandbox {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** Sends the exchange's request as it describes it and returns the platform's answer. */
    static HttpResponse<byte[]> send(Exchange<?> exchange) throws Exception {
        Exchange.Request request = exchange.request();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url()))
                .timeout(Duration.ofMillis(request.timeoutMillis()))
                .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        for (Map.Entry<String, String> header : request.headers()) {
            builder.header(header.getKey(), header.getValue());
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static <T> T sendAndFinish(Exchange<T> exchange) throws Exception {
        HttpResponse<byte[]> response = send(exchange);
        return exchange.finish(response.statusCode(), response.body());
    }

    @Test
    void theRequestDescribesAPostWithTheTokenInItsBody() throws Exception {
        JsonObject token = sandbox.token("onekey", PHONE);
        try (Client client = sandbox.client(); Exchange<Validation> exchange =
                client.onekeyBegin(value(token), userInformation(token), null)) {
            Exchange.Request request = exchange.request();
            assertEquals("POST", request.method());
            assertTrue(request.url().startsWith(sandbox.clientConfig().get("base_url").getAsString()), request.url());
            assertEquals("content-type", request.headers().get(0).getKey().toLowerCase());
            assertTrue(request.timeoutMillis() > 0);
            JsonObject body = JsonParser.parseString(request.body()).getAsJsonObject();
            assertTrue(body.toString().contains(value(token)), "the body carries the token");
            assertFalse(request.toString().contains(value(token)), "toString does not show the token");
        }
        assertEquals(0, sandbox.stats(value(token)).get("requests").getAsInt(), "begin sends nothing");
    }

    @Test
    void allFourInterfacesFinishWithTheBlockingCallsResults() throws Exception {
        try (Client client = sandbox.client()) {
            JsonObject login = sandbox.token("onekey", PHONE);
            Validation phone;
            try (Exchange<Validation> exchange = client.onekeyBegin(value(login), userInformation(login), null)) {
                phone = sendAndFinish(exchange);
            }
            assertEquals(PHONE, phone.phone());
            assertTrue(JsonParser.parseString(phone.detailsJson()).getAsJsonObject().has("resultCode"));
            assertEquals(1, sandbox.stats(value(login)).get("requests").getAsInt());

            JsonObject verify = sandbox.token("number_verify", PHONE);
            try (Exchange<Verification> exchange =
                    client.numberVerifyBegin(value(verify), userInformation(verify), OTHER_PHONE, null)) {
                assertFalse(sendAndFinish(exchange).matched());
            }
            JsonObject app = sandbox.token("app_login", PHONE);
            try (Exchange<Validation> exchange = client.appLoginBegin(value(app), null)) {
                assertEquals(PHONE, sendAndFinish(exchange).phone());
            }
            JsonObject appNumber = sandbox.token("app_number", PHONE);
            try (Exchange<Verification> exchange = client.appNumberBegin(value(appNumber), PHONE, null)) {
                assertTrue(sendAndFinish(exchange).matched());
            }
        }
    }

    @Test
    void aBegunTokenIsReservedAndNotSentReleasesIt() throws Exception {
        JsonObject token = sandbox.token("onekey", PHONE);
        try (Client client = sandbox.client()) {
            try (Exchange<Validation> first = client.onekeyBegin(value(token), userInformation(token), null)) {
                BadInputTest.fails(Status.TOKEN_REUSED, () -> client.onekeyBegin(value(token), userInformation(token), null));
                first.notSent();
                BadInputTest.fails(Status.INVALID_ARG, first::notSent);
                BadInputTest.fails(Status.INVALID_ARG, () -> first.finish(200, new byte[0]));
            }
            try (Exchange<Validation> again = client.onekeyBegin(value(token), userInformation(token), null)) {
                assertEquals(PHONE, sendAndFinish(again).phone());
                BadInputTest.fails(Status.INVALID_ARG, () -> again.finish(200, new byte[0]));
                BadInputTest.fails(Status.INVALID_ARG, again::notSent);
            }
            BadInputTest.fails(Status.TOKEN_REUSED, () -> client.onekeyValidate(value(token), userInformation(token)));
        }
        assertEquals(1, sandbox.stats(value(token)).get("requests").getAsInt());
    }

    @Test
    void badArgumentsAreRefusedAtBegin() throws Exception {
        JsonObject token = sandbox.token("onekey", PHONE);
        try (Client client = sandbox.client()) {
            BadInputTest.fails(Status.NULL_ARG, () -> client.onekeyBegin(null, userInformation(token), null));
            BadInputTest.fails(Status.NULL_ARG, () -> client.numberVerifyBegin(value(token), null, PHONE, null));
            BadInputTest.fails(Status.NULL_ARG, () -> client.appLoginBegin(null, null));
            BadInputTest.fails(Status.NULL_ARG, () -> client.appNumberBegin(value(token), null, null));
            BadInputTest.fails(Status.INVALID_ARG, () -> client.onekeyBegin("a\u0000b", userInformation(token), null));
            // None of them reserved the token.
            client.onekeyBegin(value(token), userInformation(token), null).close();
        }
    }

    @Test
    void anExchangeClosedUnfinishedKeepsItsToken() throws Exception {
        JsonObject token = sandbox.token("onekey", PHONE);
        try (Client client = sandbox.client()) {
            client.onekeyBegin(value(token), userInformation(token), null).close();
            BadInputTest.fails(Status.TOKEN_REUSED, () -> client.onekeyBegin(value(token), userInformation(token), null));
        }
    }

    @Test
    void finishReportsTheBlockingCallsErrors() throws Exception {
        JsonObject token = sandbox.token("onekey", PHONE);
        try (Client client = sandbox.client();
                Exchange<Validation> exchange = client.onekeyBegin(value(token), userInformation(token), null)) {
            BadInputTest.fails(Status.INVALID_ARG, () -> exchange.finish(99, null));
            YdrzException e = BadInputTest.fails(Status.HTTP, () -> exchange.finish(503, null));
            assertTrue(e.getMessage().contains("503"), e.getMessage());
            BadInputTest.fails(Status.INVALID_ARG, () -> exchange.finish(200, "{}".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void anExchangeOutlivesItsClientAndRefusesUseAfterClose() throws Exception {
        JsonObject token = sandbox.token("app_login", PHONE);
        Exchange<Validation> exchange;
        try (Client client = sandbox.client()) {
            exchange = client.appLoginBegin(value(token), null);
        }
        assertEquals(PHONE, sendAndFinish(exchange).phone());
        exchange.close();
        assertTrue(exchange.isClosed());
        try {
            exchange.request();
            throw new AssertionError("request() after close() must throw");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("Exchange"), expected.getMessage());
        }
    }
}
