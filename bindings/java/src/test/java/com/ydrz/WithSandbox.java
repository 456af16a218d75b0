package com.ydrz;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the end-to-end test classes: one sandbox process per class, reset before each test. The field is shared
 * by the subclasses, so they must not run in parallel (JUnit runs classes one after another by default).
 */
abstract class WithSandbox {
    static final String PHONE = "13800138000";
    static final String OTHER_PHONE = "13900139000";

    static Sandbox sandbox;

    @BeforeAll
    static void startSandbox() throws Exception {
        sandbox = Sandbox.start();
    }

    @AfterAll
    static void stopSandbox() throws Exception {
        sandbox.close();
    }

    @BeforeEach
    void resetSandbox() throws Exception {
        sandbox.reset();
    }

    /** The demo app's configuration for an external signer: its public key instead of its private key. */
    static JsonObject externalConfig() {
        JsonObject config = sandbox.clientConfig();
        config.remove("private_key");
        config.addProperty("signer", "external");
        config.add("public_key", sandbox.demo().get("customer_public_key"));
        return config;
    }

    /** How many interface requests carrying {@code token} reached the sandbox. */
    static int requests(JsonObject token) throws Exception {
        return sandbox.stats(value(token)).get("requests").getAsInt();
    }

    static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    /** The token string of a sandbox token. */
    static String value(JsonObject token) {
        return token.get("token").getAsString();
    }

    static String userInformation(JsonObject token) {
        return token.get("userInformation").getAsString();
    }
}
