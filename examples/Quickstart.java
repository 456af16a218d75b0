/*
 * ydrz quickstart (Java): jssdk parameters, one-click login and number verification.
 *
 * Against the sandbox (default): starts `ydrz sandbox` as a subprocess, asks its control endpoint for tokens
 * (what the mini-program's jssdk would hand to your front end), and validates them:
 *
 *     cargo build --release --lib --bin ydrz
 *     bindings/java/quickstart.sh
 *
 * Against the real platform: put your app's configuration in a JSON file — the same keys as the sandbox's
 * client_config (app_id, app_key, private_key, platform_public_key) but WITHOUT base_url (the default is
 * https://www.cmpassport.com) — and pass the tokens your front end received from the jssdk:
 *
 *     bindings/java/quickstart.sh --config my-app.json --token T --user-information U \
 *         [--verify-token T2 --verify-user-information U2 --phone 1xxxxxxxxxx]
 *
 * quickstart.sh builds the JNI library and the binding, then runs this file with the Java source launcher
 * (`java -cp <ydrz classes>:<gson.jar> -Dydrz.native.path=<libydrz_jni.so> examples/Quickstart.java ...`).
 * Environment: YDRZ_BIN (the ydrz executable for the sandbox; default target/release/ydrz).
 */

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.ydrz.Client;
import com.ydrz.Validation;
import com.ydrz.Verification;
import com.ydrz.Ydrz;
import com.ydrz.YdrzException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

public final class Quickstart {
    private static final String SANDBOX_PHONE = "13800138000";

    /** The three steps of an integration, with errors reported as an integrator would. */
    static void run(Client client, String token, String userInformation, String verifyToken,
            String verifyUserInformation, String phone) {
        JsonObject params = JsonParser.parseString(client.jssdkParams()).getAsJsonObject();
        System.out.printf("1. jssdk params for YDRZ.getTokenInfo: appId=%s traceId=%s timestamp=%s sign=%s…%n",
                params.get("appId").getAsString(), params.get("traceId").getAsString(),
                params.get("timestamp").getAsString(), params.get("sign").getAsString().substring(0, 8));
        try {
            Validation login = client.onekeyValidate(token, userInformation);
            System.out.println("2. one-click login: " + login); // toString masks the phone number
        } catch (YdrzException e) {
            System.out.println("2. one-click login refused: " + explain(e));
        }
        if (verifyToken == null) {
            System.out.println("3. number verification: skipped (no --verify-token)");
            return;
        }
        try {
            Verification check = client.numberVerify(verifyToken, verifyUserInformation, phone);
            System.out.printf("3. number verification of %s: %s the device's own number%n",
                    phone.substring(0, 3) + "****" + phone.substring(7), check.matched() ? "is" : "is NOT");
        } catch (YdrzException e) {
            System.out.println("3. number verification refused: " + explain(e));
        }
    }

    /** A platform code with its catalog message, or the status and message of any other failure. */
    static String explain(YdrzException e) {
        if (e.platformCode() != null) {
            return e.platformCode() + " " + Ydrz.codeMessage(e.platformCode()).orElse("");
        }
        return e.statusName() + ": " + e.getMessage();
    }

    /** Starts a sandbox, gets tokens from its control endpoint, and runs the three steps against it. */
    static void sandboxDemo() throws Exception {
        String binary = System.getenv().getOrDefault("YDRZ_BIN", "target/release/ydrz");
        Process sandbox = new ProcessBuilder(binary, "sandbox", "--port", "0", "--exit-on-stdin-eof")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            String line = new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            JsonObject info = JsonParser.parseString(line).getAsJsonObject();
            JsonObject config = info.getAsJsonObject("client_config");
            String control = info.get("control_url").getAsString();
            System.out.printf("sandbox at %s (ydrz %s)%n", info.get("base_url").getAsString(), Ydrz.version());
            try (Client client = Client.create(config.toString())) {
                String appId = config.get("app_id").getAsString();
                JsonObject login = token(control, appId, "onekey"); // what the jssdk gives the front end
                JsonObject check = token(control, appId, "number_verify");
                run(client, login.get("token").getAsString(), login.get("userInformation").getAsString(),
                        check.get("token").getAsString(), check.get("userInformation").getAsString(), SANDBOX_PHONE);
            }
        } finally {
            sandbox.getOutputStream().close(); // the sandbox exits when its standard input closes
            sandbox.waitFor();
        }
    }

    static JsonObject token(String controlUrl, String appId, String product) throws Exception {
        JsonObject body = new JsonObject();
        body.addProperty("app_id", appId);
        body.addProperty("phone", SANDBOX_PHONE);
        body.addProperty("product", product);
        HttpRequest request = HttpRequest.newBuilder(URI.create(controlUrl + "/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        String answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        return JsonParser.parseString(answer).getAsJsonObject();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (args.length % 2 != 0 || (!options.isEmpty() && !options.containsKey("--config"))) {
            System.err.println("usage: Quickstart [--config FILE --token T --user-information U "
                    + "[--verify-token T2 --verify-user-information U2 --phone P]]");
            System.exit(2);
        }
        if (options.isEmpty()) {
            sandboxDemo();
            return;
        }
        String config = Files.readString(Paths.get(options.get("--config")), StandardCharsets.UTF_8);
        try (Client client = Client.create(config)) {
            run(client, options.get("--token"), options.get("--user-information"), options.get("--verify-token"),
                    options.get("--verify-user-information"), options.get("--phone"));
        }
    }
}
