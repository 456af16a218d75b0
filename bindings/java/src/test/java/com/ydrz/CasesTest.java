package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The behaviour table tests/data/cases.json: every case's call must end with its status (docs/bindings.md).
 * Java's mapping: NULL is {@code null}; a failure is a {@link YdrzException} whose {@code statusName()} is the
 * table's status; a closed handle throws {@link IllegalStateException}, which stands for YDRZ_E_NULL_ARG.
 * Skipped (counted and printed): invalid UTF-8 (a Java String cannot hold bytes that are not UTF-8) and an
 * enum number with no {@link Encoding} constant. A new {@code call} fails until it is mapped below.
 */
class CasesTest {
    private static final JsonObject TABLE = read();
    private static final JsonObject FIXTURES = TABLE.getAsJsonObject("fixtures");
    private static final AtomicInteger SKIPPED = new AtomicInteger();

    private static JsonObject read() {
        try {
            return JsonParser.parseString(
                    Files.readString(Paths.get("../../tests/data/cases.json"), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read tests/data/cases.json", e);
        }
    }

    /** Thrown by {@link #argument} for a placeholder Java cannot express. */
    private static final class Inexpressible extends Exception {
        private static final long serialVersionUID = 1L;

        Inexpressible(String why) {
            super(why, null, false, false);
        }
    }

    @TestFactory
    Stream<DynamicTest> cases() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement element : TABLE.getAsJsonArray("cases")) {
            JsonObject c = element.getAsJsonObject();
            tests.add(DynamicTest.dynamicTest(c.get("name").getAsString(), () -> run(c)));
        }
        return tests.stream();
    }

    @AfterAll
    static void printSkips() {
        System.out.println("cases.json: " + TABLE.getAsJsonArray("cases").size() + " cases, " + SKIPPED.get()
                + " skipped (invalid UTF-8, or an enum number Java's enum cannot hold)");
    }

    private static void run(JsonObject c) throws Exception {
        List<Object> args = new ArrayList<>();
        try {
            for (JsonElement raw : c.getAsJsonArray("args")) {
                args.add(argument(raw));
            }
            if (c.get("call").getAsString().equals("jssdk_sign")) {
                args.set(6, encoding(args.get(6)));
            }
        } catch (Inexpressible e) {
            SKIPPED.incrementAndGet();
            Assumptions.abort(e.getMessage() + " (docs/bindings.md, Java)");
        }
        String expected = c.get("status").getAsString();
        String got;
        try {
            call(c.get("call").getAsString(), args.toArray());
            got = "YDRZ_OK";
        } catch (YdrzException e) {
            got = e.statusName();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("closed"), e.toString());
            got = "YDRZ_E_NULL_ARG";
        }
        assertEquals(expected, got, c.get("name").getAsString());
    }

    private static Object argument(JsonElement raw) throws Inexpressible {
        if (!raw.isJsonObject()) {
            return raw.getAsJsonPrimitive().isNumber() ? (Object) raw.getAsInt() : raw.getAsString();
        }
        JsonObject p = raw.getAsJsonObject();
        if (p.has("null")) {
            return null;
        }
        if (p.has("invalid_utf8_hex")) {
            throw new Inexpressible("a Java String cannot hold invalid UTF-8");
        }
        if (p.has("repeat")) {
            return p.get("repeat").getAsString().repeat(p.get("times").getAsInt());
        }
        if (p.has("closed")) {
            return closedHandle(p.get("closed").getAsString());
        }
        throw new IllegalArgumentException("unknown placeholder " + p);
    }

    private static NativeResource closedHandle(String kind) {
        NativeResource handle;
        switch (kind) {
            case "private_key":
                handle = PrivateKey.load(FIXTURES.get("private_key").getAsString());
                break;
            case "public_key":
                handle = PublicKey.load(FIXTURES.get("public_key").getAsString());
                break;
            case "client":
                handle = Client.create(FIXTURES.get("client_config").getAsString());
                break;
            default:
                throw new IllegalArgumentException("unknown handle kind " + kind);
        }
        handle.close();
        return handle;
    }

    private static Encoding encoding(Object code) throws Inexpressible {
        return Arrays.stream(Encoding.values()).filter(e -> e.code() == (Integer) code).findFirst()
                .orElseThrow(() -> new Inexpressible("no Encoding constant for " + code));
    }

    private static void call(String name, Object[] a) throws Exception {
        switch (name) {
            case "mask_phone":
                Ydrz.maskPhone((String) a[0]);
                break;
            case "decrypt_msisdn":
                Ydrz.decryptMsisdn((String) a[0], (String) a[1]);
                break;
            case "private_key_load":
                PrivateKey.load((String) a[0]).close();
                break;
            case "public_key_load":
                PublicKey.load((String) a[0]).close();
                break;
            case "private_key_public_spki":
                ((PrivateKey) a[0]).publicKeySpki();
                break;
            case "client_jssdk_params":
                ((Client) a[0]).jssdkParams();
                break;
            case "client_stats":
                ((Client) a[0]).stats();
                break;
            case "client_presign_step":
                ((Client) a[0]).presignStep((String) a[1]);
                break;
            case "client_presign_accept":
                ((Client) a[0]).presignAccept((String) a[1], (String) a[2]);
                break;
            case "client_new":
                Client.create((String) a[0]).close();
                break;
            case "code_describe":
                Ydrz.codeDescribe((String) a[0], (String) a[1], (String) a[2]);
                break;
            case "jssdk_sign":
                Ydrz.jssdkSign((String) a[0], (String) a[1], (String) a[2], (String) a[3],
                        (String) a[4], (String) a[5], (Encoding) a[6]);
                break;
            case "key_generate":
                Ydrz.generateKeyPair((Integer) a[0]);
                break;
            default:
                fail("cases.json calls " + name + ", which this runner does not map");
        }
    }
}
