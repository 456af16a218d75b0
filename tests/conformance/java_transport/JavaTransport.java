import com.ydrz.Client;
import com.ydrz.Validation;
import com.ydrz.Verification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The conformance suite's Java transport: one validation with the Java binding's blocking methods, sent with
 * its default java.net.http HttpClient. Usage: JavaTransport INTERFACE CONFIG_FILE TOKEN USER_INFORMATION PHONE
 * (see tests/conformance/README.md). Prints the result JSON and exits 0, or exits 1 with the error.
 */
public final class JavaTransport {
    private JavaTransport() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: JavaTransport INTERFACE CONFIG_FILE TOKEN USER_INFORMATION PHONE");
            System.exit(2);
        }
        String iface = args[0], token = args[2], info = args[3], phone = args[4];
        String config = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        String result;
        try (Client client = Client.create(config)) {
            switch (iface) {
                case "onekey":
                    result = login(client.onekeyValidate(token, info));
                    break;
                case "app_login":
                    result = login(client.appLoginValidate(token));
                    break;
                case "number_verify":
                    result = verification(client.numberVerify(token, info, phone));
                    break;
                case "app_number":
                    result = verification(client.appNumberVerify(token, phone));
                    break;
                default:
                    System.err.println("java-httpclient: unknown interface " + iface);
                    System.exit(2);
                    return;
            }
        } catch (RuntimeException e) {
            System.err.println("java-httpclient: " + e);
            System.exit(1);
            return;
        }
        System.out.println(result);
    }

    private static String login(Validation login) {
        return "{\"phone\":\"" + login.phone() + "\",\"details\":" + login.detailsJson() + "}";
    }

    private static String verification(Verification verification) {
        return "{\"matched\":" + verification.matched() + ",\"details\":" + verification.detailsJson() + "}";
    }
}
