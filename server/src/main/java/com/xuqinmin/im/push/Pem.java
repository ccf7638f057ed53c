package com.xuqinmin.im.push;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads the PKCS#8 PEM private keys the providers hand out: APNs' .p8 (EC P-256), a service account's (RSA). */
final class Pem {

    private Pem() {
    }

    static ECPrivateKey ec(String field, String pem) {
        PrivateKey k = read(field, pem, "EC");
        if (!(k instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be an EC P-256 key (the .p8 file)");
        }
        return ec;
    }

    static RSAPrivateKey rsa(String field, String pem) {
        PrivateKey k = read(field, pem, "RSA");
        if (!(k instanceof RSAPrivateKey r)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be an RSA key");
        }
        return r;
    }

    private static PrivateKey read(String field, String pem, String algorithm) {
        if (pem == null || !pem.contains("-----BEGIN PRIVATE KEY-----") || !pem.contains("-----END PRIVATE KEY-----")) {
            throw new ImException(ErrorCode.VALIDATION_FAILED,
                    field + " must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        String b64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"))
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " is not a readable " + algorithm + " private key");
        }
    }
}
