import com.ydrz.Client;
import com.ydrz.Encoding;
import com.ydrz.Ydrz;

/**
 * A user's program for the jar installed from dist/ (run by scripts/package/consumer_test.py in a fresh Maven
 * project outside the repository whose only dependency is com.ydrz:ydrz): checks the version, a jssdk sign
 * against its test vector, and a one-click validation against a running sandbox.
 *
 * <p>Arguments: VERSION APP_ID APP_KEY TRACE_ID TIMESTAMP SIGN_VERSION BUSINESS_TYPE EXPECTED_SIGN
 * CLIENT_CONFIG_JSON TOKEN USER_INFORMATION PHONE
 */
public final class Consumer {
    private Consumer() {}

    private static void check(String what, Object got, Object expected) {
        if (!expected.equals(got)) {
            System.err.println("FAIL " + what + ": got " + got + ", expected " + expected);
            System.exit(1);
        }
        System.out.println("ok " + what);
    }

    public static void main(String[] a) {
        check("library version", Ydrz.version(), a[0]);
        check("jssdk sign", Ydrz.jssdkSign(a[1], a[2], a[3], a[4], a[5], a[6], Encoding.HEX_UPPER), a[7]);
        try (Client client = Client.create(a[8])) {
            check("one-click validation", client.onekeyValidate(a[9], a[10]).phone(), a[11]);
        }
    }
}
