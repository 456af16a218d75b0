package com.ydrz;

import java.security.GeneralSecurityException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Holds the customer private key of a client configured with {@code "signer": "external"} and its
 * {@code public_key} instead of {@code private_key}: an HSM (PKCS#11 through the JDK's SunPKCS11 provider), a
 * cloud KMS, a signing service. The library gives it the exact bytes to sign and checks every signature against
 * the configured public key before anything is sent ({@link Status#SIGNATURE} for another key or algorithm); for
 * App login in RSA mode without {@code app_login.msisdn_private_key} it also decrypts the answer's msisdn.
 *
 * <p>Given to {@link Client#create(String, ExternalSigner)}, it is driven by the blocking and {@code *Async}
 * validations, which call {@link #signAsync} before the request is made and {@link #decryptAsync} after the
 * answer arrived; {@link Exchange#signWith} and {@link Exchange#finish(int, byte[], ExternalSigner)} drive it,
 * blocking, for an exchange sent by the application's own HTTP stack. Whatever a signer throws (or fails its
 * future with) reaches the caller as an {@link ExternalSignerException} with it as the cause.
 *
 * <p>Implementations must be thread-safe: one signer serves every validation of its client at once. For a
 * signer that only signs (no App login in RSA mode) a lambda will do:
 * {@code Client.create(config, (algorithm, data) -> hsm.sign(algorithm, data))}.
 */
@FunctionalInterface
public interface ExternalSigner {
    /**
     * Signs {@code data} with RSASSA-PKCS1-v1_5.
     *
     * @param algorithm {@code "SHA256withRSA"} or {@code "MD5withRSA"}, as the interface's recipe needs: the JCA
     *     name, for {@code Signature.getInstance(algorithm, provider)}
     * @param data the exact bytes to sign (the signature's hash is taken over them: not a digest)
     * @return the raw signature, as long as the key's modulus
     */
    byte[] sign(String algorithm, byte[] data) throws GeneralSecurityException;

    /**
     * Decrypts one RSA block made with the public key (the msisdn of App login in RSA mode).
     *
     * <p>The default throws {@link UnsupportedOperationException}: implement it, or configure
     * {@code app_login.msisdn_private_key}, to use App login in RSA mode.
     *
     * @param algorithm {@code "RSA/ECB/PKCS1Padding"}: the JCA name, for {@code Cipher.getInstance(algorithm,
     *     provider)}
     * @param block one ciphertext block, as long as the key's modulus
     * @return the plaintext of the block
     */
    default byte[] decrypt(String algorithm, byte[] block) throws GeneralSecurityException {
        throw new UnsupportedOperationException("this ExternalSigner does not decrypt: App login in RSA mode needs"
                + " ExternalSigner.decrypt, or app_login.msisdn_private_key in the configuration");
    }

    /**
     * {@link #sign} as the validations call it. The default calls {@code sign} on the calling thread (the thread
     * that called the validation): right for an HSM, whose calls are local. A signer whose calls wait on the
     * network (a KMS) overrides it with its SDK's asynchronous call, so that no thread of an {@code *Async}
     * validation waits for it.
     */
    default CompletionStage<byte[]> signAsync(String algorithm, byte[] data) {
        try {
            return CompletableFuture.completedFuture(sign(algorithm, data));
        } catch (GeneralSecurityException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * {@link #decrypt} as the validations call it, once per block. The default calls {@code decrypt} on the
     * calling thread (the one that read the answer: the {@code HttpClient}'s executor); override it as
     * {@link #signAsync}.
     */
    default CompletionStage<byte[]> decryptAsync(String algorithm, byte[] block) {
        try {
            return CompletableFuture.completedFuture(decrypt(algorithm, block));
        } catch (GeneralSecurityException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
