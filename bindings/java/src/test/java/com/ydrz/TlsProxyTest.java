package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default HttpClient's transport settings against real sockets: a TLS endpoint on 127.0.0.1 (a certificate
 * made with the JDK's keytool, forwarding to the sandbox) trusted only through {@code ca_cert_pem}, and an HTTP
 * CONNECT proxy from {@code proxy}.
 */
class TlsProxyTest extends WithSandbox {
    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;

    /** A self-signed certificate for 127.0.0.1 (its own CA) in a PKCS#12 store; returns its PEM. */
    private String certificate(Path store) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-keypass", PASSWORD, "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=ydrz test CA", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "BC:c=ca:true",
                "-validity", "2");
        return run(keytool, "-exportcert", "-rfc", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-alias", "server");
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
        return output;
    }

    /** Copies bytes from {@code in} to {@code out} on a daemon thread, closing both sockets at the end. */
    private static void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ended) {
                // a reset or a failed handshake ends the connection
            } finally {
                close(from);
                close(to);
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Accepts connections on a daemon thread, handing each to {@code serve}. */
    private static void serve(ServerSocket listener, java.util.function.Consumer<Socket> serve) {
        Thread thread = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    serve.accept(listener.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    /** A TLS endpoint on 127.0.0.1 with the certificate of {@code store}, forwarding to the sandbox. */
    private ServerSocket tlsToSandbox(Path store) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        SSLServerSocket listener = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        URI sandboxUrl = URI.create(sandbox.clientConfig().get("base_url").getAsString());
        serve(listener, client -> {
            try {
                Socket upstream = new Socket(sandboxUrl.getHost(), sandboxUrl.getPort());
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                close(client);
            }
        });
        return listener;
    }

    private static String httpsUrl(ServerSocket listener) {
        return "https://127.0.0.1:" + listener.getLocalPort();
    }

    @Test
    void caCertPemIsTrustedBesideTheSystemRootsAndVerificationStaysOn() throws Exception {
        String ca = certificate(dir.resolve("server.p12"));
        String stranger = certificate(dir.resolve("stranger.p12"));
        try (ServerSocket server = tlsToSandbox(dir.resolve("server.p12"))) {
            JsonObject token = sandbox.token("onekey", PHONE);
            JsonObject untrusting = new JsonObject();
            untrusting.addProperty("base_url", httpsUrl(server));
            untrusting.addProperty("ca_cert_pem", stranger);
            try (Client client = sandbox.client(untrusting)) {
                // Not signed by the configured CA: the handshake fails, nothing was sent, the token is released.
                BadInputTest.fails(Status.NETWORK, () -> client.onekeyValidate(value(token), userInformation(token)));
                client.onekeyBegin(value(token), userInformation(token), null).close();
            }
            try (Client client = sandbox.client(json("{\"base_url\":\"" + httpsUrl(server) + "\"}"))) {
                BadInputTest.fails(Status.NETWORK, () -> client.onekeyValidate(value(token), userInformation(token)));
            }
            assertEquals(0, requests(token));
            JsonObject trusting = untrusting.deepCopy();
            trusting.addProperty("ca_cert_pem", stranger + ca); // several certificates in one PEM
            try (Client client = sandbox.client(trusting)) {
                assertEquals(PHONE, client.onekeyValidate(value(token), userInformation(token)).phone());
                JsonObject app = sandbox.token("app_login", PHONE);
                assertEquals(PHONE, client.appLoginValidateAsync(value(app), null).get().phone());
            }
            assertEquals(1, requests(token));
        }
    }

    @Test
    void aPemWithoutCertificateIsRefusedAtCreate() throws Exception {
        YdrzException e = BadInputTest.fails(Status.INVALID_ARG, () -> sandbox.client(
                json("{\"ca_cert_pem\":\"-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\\n\"}")));
        assertTrue(e.getMessage().contains("ca_cert_pem"), e.getMessage());
    }

    @Test
    void theProxyCarriesEveryRequestThroughConnect() throws Exception {
        String ca = certificate(dir.resolve("server.p12"));
        List<String> tunnels = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerSocket server = tlsToSandbox(dir.resolve("server.p12"));
                ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            serve(proxy, client -> {
                try {
                    String head = readHead(client.getInputStream());
                    String[] requestLine = head.split("\r\n", 2)[0].split(" ");
                    tunnels.add(requestLine[0] + " " + requestLine[1]);
                    String[] target = requestLine[1].split(":");
                    Socket upstream = new Socket(target[0], Integer.parseInt(target[1]));
                    client.getOutputStream().write(
                            "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException | RuntimeException e) {
                    close(client);
                }
            });
            JsonObject config = new JsonObject();
            config.addProperty("base_url", httpsUrl(server));
            config.addProperty("ca_cert_pem", ca);
            config.addProperty("proxy", "http://127.0.0.1:" + proxy.getLocalPort());
            JsonObject token = sandbox.token("onekey", PHONE);
            try (Client client = sandbox.client(config)) {
                assertEquals(PHONE, client.onekeyValidate(value(token), userInformation(token)).phone());
            }
            assertEquals(List.of("CONNECT 127.0.0.1:" + server.getLocalPort()), tunnels);
            assertEquals(1, requests(token));
        }
        JsonObject secretProxy = json("{\"proxy\":\"http://user:secret@127.0.0.1:3128\"}");
        YdrzException e = BadInputTest.fails(Status.INVALID_ARG, () -> sandbox.client(secretProxy));
        assertTrue(!e.getMessage().contains("secret"), e.getMessage());
    }

    /** The request head (up to the empty line) of a proxy client. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client closed the connection");
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
