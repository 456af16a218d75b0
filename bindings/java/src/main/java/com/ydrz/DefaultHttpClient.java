package com.ydrz;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The {@code HttpClient} of {@link Client#create(String)}, with the transport settings of the configuration as
 * the library's built-in client applies them: redirects never followed; {@code connect_timeout_ms} (default
 * 5000); {@code proxy}, an HTTP CONNECT proxy {@code http://host[:port]} (default none; the system's proxy
 * settings are not used); TLS always verified against the JDK's trusted roots plus the certificates of
 * {@code ca_cert_pem}. The request timeout ({@code timeout_ms}) and the 1 MiB answer limit are applied per
 * request by {@link HttpTransport}.
 *
 * <p>The settings are read and checked when the client is created; the {@code HttpClient} (and its selector
 * thread) is built on first use. Thread-safe.
 */
final class DefaultHttpClient implements Supplier<HttpClient> {
    private static final Pattern PEM_CERTIFICATE =
            Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*)-----END CERTIFICATE-----");

    private final Duration connectTimeout;
    private final InetSocketAddress proxy;
    private final SSLContext tls;
    private HttpClient http;

    /**
     * Reads the transport settings of a configuration that the library accepted.
     *
     * @throws YdrzException {@link Status#INVALID_ARG} for a proxy this client cannot use (TLS to the proxy,
     *     or credentials in its URL): pass your own {@code HttpClient} to {@link Client#create(String, HttpClient)}
     */
    DefaultHttpClient(Map<String, String> config) {
        connectTimeout = Duration.ofMillis(config.containsKey("connect_timeout_ms")
                ? ((Number) Json.value(config.get("connect_timeout_ms"))).longValue() : 5_000);
        Object proxyUrl = config.containsKey("proxy") ? Json.value(config.get("proxy")) : null;
        proxy = proxyUrl == null ? null : connectProxy((String) proxyUrl);
        Object pem = config.containsKey("ca_cert_pem") ? Json.value(config.get("ca_cert_pem")) : null;
        tls = pem == null ? null : trusting(certificates((String) pem));
    }

    @Override
    public synchronized HttpClient get() {
        if (http == null) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(connectTimeout)
                    .proxy(proxy == null ? HttpClient.Builder.NO_PROXY
                            : ProxySelector.of(new InetSocketAddress(proxy.getHostString(), proxy.getPort())));
            if (tls != null) {
                builder.sslContext(tls);
            }
            http = builder.build();
        }
        return http;
    }

    /** The address of an {@code http://} proxy, unresolved (port 80 when none is given). */
    private static InetSocketAddress connectProxy(String url) {
        URI uri = URI.create(url);
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw invalid("config proxy: the Java HttpClient speaks only plain HTTP to a CONNECT proxy"
                    + " (http://host:port); pass your own HttpClient to Client.create(config, http) for others");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("config proxy: the default Java HttpClient sends no proxy credentials; pass your own"
                    + " HttpClient (with an Authenticator) to Client.create(config, http)");
        }
        return InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort());
    }

    /** The CERTIFICATE blocks of a PEM text; other blocks (keys) are skipped, as the built-in client does. */
    private static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher block = PEM_CERTIFICATE.matcher(pem);
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            while (block.find()) {
                byte[] der = Base64.getMimeDecoder().decode(block.group(1));
                certificates.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw invalid("config ca_cert_pem is not valid PEM");
        }
        if (certificates.isEmpty()) {
            throw invalid("config ca_cert_pem holds no CERTIFICATE block");
        }
        return certificates;
    }

    /** TLS that trusts the JDK's roots and {@code extra}, with host name verification as always. */
    private static SSLContext trusting(List<X509Certificate> extra) {
        try {
            KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
            roots.load(null, null);
            int alias = 0;
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            for (TrustManager manager : system.getTrustManagers()) {
                if (manager instanceof X509TrustManager) {
                    for (X509Certificate root : ((X509TrustManager) manager).getAcceptedIssuers()) {
                        roots.setCertificateEntry("root-" + alias++, root);
                    }
                }
            }
            for (X509Certificate ca : extra) {
                roots.setCertificateEntry("ca_cert_pem-" + alias++, ca);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(roots);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("the JDK cannot set up TLS trust: " + e, e);
        }
    }

    private static YdrzException invalid(String message) {
        return new YdrzException(Status.INVALID_ARG.code(), Native.statusName(Status.INVALID_ARG.code()), null,
                message);
    }
}
