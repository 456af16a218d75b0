package com.ydrz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Cipher;

/**
 * A fresh SoftHSM2 token holding one RSA private key, as an application reaches an HSM from Java: through the
 * JDK's own SunPKCS11 provider (configured for this token, never added to {@code java.security.Security}).
 *
 * <p>The key goes in with {@code softhsm2-util --import} (a PKCS#8 PEM file that lives in a private temporary
 * directory only while the tools run); a self-signed certificate with the same CKA_ID is written beside it
 * with {@code pkcs11-tool}, because SunPKCS11's {@code KeyStore} shows a private key only together with its
 * certificate. The token directory is the one of {@code SOFTHSM2_CONF}, which bindings/java/test.sh points at
 * a temporary directory for the test JVM (the JVM cannot set its own environment, and the PKCS#11 module reads
 * it when loaded).
 */
final class SoftHsm implements ExternalSigner {
    static final Path MODULE = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    private final Provider provider;
    private final PrivateKey key;

    private SoftHsm(Provider provider, PrivateKey key) {
        this.provider = provider;
        this.key = key;
    }

    /**
     * Makes a new token holding {@code pkcs8Base64} (a PKCS#8 DER private key in Base64) under {@code label}, and
     * returns it logged in.
     *
     * @throws IllegalStateException when SoftHSM2, OpenSC or {@code SOFTHSM2_CONF} is missing, saying what to do
     */
    static SoftHsm withKey(String pkcs8Base64, String label) throws Exception {
        requireTools();
        SecureRandom random = new SecureRandom();
        String tokenLabel = "ydrz-" + Long.toHexString(random.nextLong());
        String soPin = String.valueOf(10_000_000 + random.nextInt(90_000_000));
        String pin = String.valueOf(10_000_000 + random.nextInt(90_000_000));
        String slot;
        Path work = Files.createTempDirectory("ydrz-hsm", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        try {
            Matcher assigned = Pattern.compile("reassigned to slot (\\d+)").matcher(run("softhsm2-util",
                    "--init-token", "--free", "--label", tokenLabel, "--so-pin", soPin, "--pin", pin));
            if (!assigned.find()) {
                throw new IllegalStateException("softhsm2-util --init-token did not say which slot it used");
            }
            slot = assigned.group(1);
            Path keyPem = work.resolve("key.pem");
            Files.writeString(keyPem, pem("PRIVATE KEY", pkcs8Base64), StandardCharsets.US_ASCII);
            run("softhsm2-util", "--import", keyPem.toString(), "--token", tokenLabel, "--label", label,
                    "--id", "01", "--pin", pin);
            Path certificate = work.resolve("certificate.der");
            run("openssl", "req", "-x509", "-new", "-key", keyPem.toString(), "-subj", "/CN=" + label, "-days", "1",
                    "-outform", "DER", "-out", certificate.toString());
            run("pkcs11-tool", "--module", MODULE.toString(), "--token-label", tokenLabel, "--login", "--pin", pin,
                    "--write-object", certificate.toString(), "--type", "cert", "--id", "01", "--label", label);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(file);
                }
            }
        }
        Provider provider = Security.getProvider("SunPKCS11")
                .configure("--name=ydrz-test\nlibrary=" + MODULE + "\nslot=" + slot + "\n");
        KeyStore store = KeyStore.getInstance("PKCS11", provider);
        store.load(null, pin.toCharArray());
        PrivateKey key = (PrivateKey) store.getKey(label, null);
        if (key == null) {
            throw new IllegalStateException("the token shows no private key " + label + ": " + store.size() + " entries");
        }
        return new SoftHsm(provider, key);
    }

    /** The token's provider (for another key made in the token). */
    Provider provider() {
        return provider;
    }

    /** The imported key: a handle to the token's object; its value never leaves the token. */
    PrivateKey key() {
        return key;
    }

    @Override
    public byte[] sign(String algorithm, byte[] data) throws GeneralSecurityException {
        return sign(key, algorithm, data);
    }

    /** Signs with {@code key}, a key of this token, inside the token. */
    byte[] sign(PrivateKey key, String algorithm, byte[] data) throws GeneralSecurityException {
        java.security.Signature signature = java.security.Signature.getInstance(algorithm, provider);
        signature.initSign(key);
        signature.update(data);
        return signature.sign();
    }

    @Override
    public byte[] decrypt(String algorithm, byte[] block) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(algorithm, provider);
        cipher.init(Cipher.DECRYPT_MODE, key);
        return cipher.doFinal(block);
    }

    private static void requireTools() {
        List<String> missing = new ArrayList<>();
        if (!Files.isReadable(MODULE)) {
            missing.add(MODULE + " (Debian package softhsm2)");
        }
        for (String tool : List.of("softhsm2-util", "pkcs11-tool", "openssl")) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("SoftHSM2 is missing: " + String.join(", ", missing)
                    + ". Run scripts/setup.sh (as root), which installs softhsm2 and opensc");
        }
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || !Files.isReadable(Path.of(conf))) {
            throw new IllegalStateException("SOFTHSM2_CONF names no readable file (" + conf + "): run this test through"
                    + " bindings/java/test.sh, which gives the test JVM a SoftHSM2 configuration and token directory"
                    + " of its own");
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String pem(String type, String base64) {
        StringBuilder out = new StringBuilder("-----BEGIN " + type + "-----\n");
        for (int at = 0; at < base64.length(); at += 64) {
            out.append(base64, at, Math.min(base64.length(), at + 64)).append('\n');
        }
        return out.append("-----END ").append(type).append("-----\n").toString();
    }

    /** Runs a tool, returning its output; fails with the output when it fails. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(command[0] + " " + command[1] + " failed: " + output);
        }
        return output;
    }
}
