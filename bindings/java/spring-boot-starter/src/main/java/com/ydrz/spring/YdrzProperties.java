package com.ydrz.spring;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The {@code ydrz.*} configuration properties: what {@link com.ydrz.Client#create(String)} needs, in Spring's
 * terms. The client is configured when {@code ydrz.app-id} is set.
 *
 * <p>The secrets (app key, APPSecret, the private key, the platform public key) may be given in the property
 * itself, or, for the keys, by a file path or an environment variable name ({@link KeySource}); Spring's own
 * sources (environment variables such as {@code YDRZ_APP_KEY}, {@code ${...}} placeholders) work for all of them.
 */
@ConfigurationProperties(prefix = "ydrz")
public class YdrzProperties {
    /** Whether to create the client even when ydrz.app-id is set (false turns the starter off). */
    private boolean enabled = true;

    /** The app's appId (应用ID) from the console. Setting it configures the client. */
    private String appId;

    /** The appkey (jssdk sign, msisdn decryption, phone encryption). A secret: prefer the YDRZ_APP_KEY environment variable. */
    private String appKey;

    /** The APPSecret (App one-click login, MD5 mode). A secret: prefer the YDRZ_APP_SECRET environment variable. */
    private String appSecret;

    /** Your RSA private key (PEM or Base64, PKCS#8 or PKCS#1), whose public half is registered on the console. */
    @NestedConfigurationProperty
    private KeySource privateKey = new KeySource();

    /**
     * Your RSA public key (PEM or Base64), registered on the console, used instead of {@code private-key} when
     * the application defines an {@link com.ydrz.ExternalSigner} bean that holds the private key (an HSM or a
     * KMS): the client is then configured with {@code "signer": "external"} and verifies every signature with it.
     */
    @NestedConfigurationProperty
    private KeySource publicKey = new KeySource();

    /** The platform's RSA public key (number verification). */
    @NestedConfigurationProperty
    private KeySource platformPublicKey = new KeySource();

    /** The platform's base URL; http:// only for a loopback address (the sandbox). */
    private String baseUrl = "https://www.cmpassport.com";

    /** Timeout of establishing a connection. */
    private Duration connectTimeout = Duration.ofSeconds(5);

    /** Timeout of a whole request. */
    private Duration timeout = Duration.ofSeconds(10);

    /** HTTP proxy URL (http://host:port) for the calls to the platform; none by default (environment proxy variables are not used). */
    private String proxy;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getAppId() {
        return appId;
    }

    public void setAppId(String appId) {
        this.appId = appId;
    }

    public String getAppKey() {
        return appKey;
    }

    public void setAppKey(String appKey) {
        this.appKey = appKey;
    }

    public String getAppSecret() {
        return appSecret;
    }

    public void setAppSecret(String appSecret) {
        this.appSecret = appSecret;
    }

    public KeySource getPrivateKey() {
        return privateKey;
    }

    public void setPrivateKey(KeySource privateKey) {
        this.privateKey = privateKey;
    }

    public KeySource getPublicKey() {
        return publicKey;
    }

    public void setPublicKey(KeySource publicKey) {
        this.publicKey = publicKey;
    }

    public KeySource getPlatformPublicKey() {
        return platformPublicKey;
    }

    public void setPlatformPublicKey(KeySource platformPublicKey) {
        this.platformPublicKey = platformPublicKey;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public String getProxy() {
        return proxy;
    }

    public void setProxy(String proxy) {
        this.proxy = proxy;
    }

    /**
     * Where a key comes from: exactly one of {@code value} (the key text), {@code file} (a path to read) or
     * {@code env} (the name of an environment variable holding the text), or none for an optional key.
     */
    public static class KeySource {
        /** The key text itself (PEM or Base64). */
        private String value;

        /** A file holding the key (PEM or Base64), read when the client is created and at each health check. */
        private String file;

        /** The name of an environment variable holding the key (PEM or Base64). */
        private String env;

        public String getValue() {
            return value;
        }

        public void setValue(String value) {
            this.value = value;
        }

        public String getFile() {
            return file;
        }

        public void setFile(String file) {
            this.file = file;
        }

        public String getEnv() {
            return env;
        }

        public void setEnv(String env) {
            this.env = env;
        }
    }
}
