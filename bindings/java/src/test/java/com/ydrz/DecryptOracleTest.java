package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

/**
 * rsaDecrypt is no padding oracle: a ciphertext under another key (bad padding), a plaintext that is not UTF-8
 * and one holding a NUL byte, encrypted here with JCE, all give Status.CRYPTO with one and the same message.
 */
class DecryptOracleTest {
    private static String jceEncrypt(String publicKeyName, byte[] plaintext) throws Exception {
        byte[] der = Base64.getDecoder().decode(Vectors.publicKey(publicKeyName));
        Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        cipher.init(Cipher.ENCRYPT_MODE, KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)));
        return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext));
    }

    @Test
    void everyDecryptionFailureIsTheSameError() throws Exception {
        try (PrivateKey key = PrivateKey.load(Vectors.privateKey("customer_1024"))) {
            String phone = "13800138000";
            assertEquals(phone, Ydrz.rsaDecrypt(key, jceEncrypt("customer_1024", phone.getBytes(StandardCharsets.UTF_8))));
            byte[][] failures = {
                new byte[] {(byte) 0xff, (byte) 0xfe, 0x41},
                "138\0".getBytes(StandardCharsets.UTF_8),
            };
            String anotherKey = jceEncrypt("platform_1024", phone.getBytes(StandardCharsets.UTF_8));
            YdrzException reference = assertThrows(YdrzException.class, () -> Ydrz.rsaDecrypt(key, anotherKey));
            assertEquals(Status.CRYPTO, reference.status());
            for (byte[] plaintext : failures) {
                String ciphertext = jceEncrypt("customer_1024", plaintext);
                YdrzException e = assertThrows(YdrzException.class, () -> Ydrz.rsaDecrypt(key, ciphertext));
                assertEquals(Status.CRYPTO, e.status());
                assertEquals(reference.getMessage(), e.getMessage());
            }
        }
    }
}
