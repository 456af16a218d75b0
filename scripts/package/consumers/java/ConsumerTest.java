import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ydrz.Client;
import com.ydrz.testing.Sandbox;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A user's JUnit test with the test-scoped com.ydrz:ydrz-testing (run by scripts/package/package_test.py with
 * `mvn test` in a fresh Maven project outside the repository): the sandbox starts from the executable the
 * artifact carries, with no path given, and the installed ydrz jar validates a token against it.
 */
class ConsumerTest {
    @Test
    void oneClickLoginAgainstTheCarriedSandbox() throws Exception {
        try (Sandbox sandbox = Sandbox.start(); Client client = Client.create(sandbox.clientConfig())) {
            assertTrue(sandbox.baseUrl().startsWith("http://127.0.0.1:"), sandbox.baseUrl());
            Map<String, String> token = sandbox.token("onekey", "13800138000");
            assertEquals("13800138000", client.onekeyValidate(token.get("token"), token.get("userInformation")).phone());
            assertEquals(1, sandbox.requests(token.get("token")));
        }
    }
}
