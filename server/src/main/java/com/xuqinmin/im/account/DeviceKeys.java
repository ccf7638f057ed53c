package com.xuqinmin.im.account;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The public-key directory for end-to-end encryption (API.md, "End-to-end encryption keys"), in the
 * shape of X3DH: each device of a user publishes an identity key, optionally a signing key, a signed
 * pre-key with its signature, and a supply of one-time pre-keys; whoever starts a session with the
 * user takes each device's bundle with one one-time pre-key, which is handed out once and then gone.
 * Keys are opaque public values to the server (base64 of 32 to 128 bytes; signatures 32 to 128 bytes);
 * it checks their shape, never their mathematics, and never sees a private key.
 */
@ApplicationScoped
public class DeviceKeys {

    /** One-time pre-keys one call may add, and a device may hold. */
    public static final int OTP_PER_CALL = 100;
    public static final int OTP_PER_DEVICE = 500;

    @PersistenceContext(unitName = "im")
    EntityManager em;

    public record SignedPreKey(Long keyId, String publicKey, String signature) {
    }

    public record PreKey(Long keyId, String publicKey) {
    }

    /** What a device publishes; {@code oneTimePreKeys} are added to those it still has. */
    public record Upload(String identityKey, String signingKey, SignedPreKey signedPreKey, List<PreKey> oneTimePreKeys) {
    }

    /** A device's bundle as another user gets it: {@code oneTimePreKey} is null when the device has none left. */
    public record Bundle(String deviceId, String identityKey, String signingKey, SignedPreKey signedPreKey,
            PreKey oneTimePreKey) {
    }

    /** How many one-time pre-keys a device has left (to know when to upload more). */
    public record Supply(String deviceId, long oneTimePreKeys) {
    }

    /** Publishes (or replaces) the device's bundle and adds its one-time pre-keys; answers the supply. */
    @Transactional
    public Supply publish(String appKey, String userId, String deviceId, Upload in) {
        Ids.require("deviceId", deviceId);
        if (in == null) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "body must be a JSON object");
        }
        String identity = key("identityKey", in.identityKey(), true);
        String signing = key("signingKey", in.signingKey(), false);
        SignedPreKey spk = in.signedPreKey();
        if (spk == null) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "signedPreKey is required");
        }
        long spkId = keyId("signedPreKey.keyId", spk.keyId());
        String spkPublic = key("signedPreKey.publicKey", spk.publicKey(), true);
        String spkSig = key("signedPreKey.signature", spk.signature(), true);
        List<PreKey> otps = in.oneTimePreKeys() == null ? List.of() : in.oneTimePreKeys();
        if (otps.size() > OTP_PER_CALL) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "at most " + OTP_PER_CALL + " oneTimePreKeys per call");
        }
        Set<Long> ids = new HashSet<>();
        for (PreKey p : otps) {
            if (p == null) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "oneTimePreKeys must hold objects");
            }
            if (!ids.add(keyId("oneTimePreKeys[].keyId", p.keyId()))) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "oneTimePreKeys has keyId " + p.keyId() + " twice");
            }
            key("oneTimePreKeys[].publicKey", p.publicKey(), true);
        }
        long now = System.currentTimeMillis();
        int updated = em.createNativeQuery("UPDATE im_device_key SET identity_key = ?1, signing_key = ?2, "
                        + "signed_pre_key_id = ?3, signed_pre_key = ?4, signed_pre_key_sig = ?5, updated_at = ?6 "
                        + "WHERE app_key = ?7 AND user_id = ?8 AND device_id = ?9")
                .setParameter(1, identity).setParameter(2, signing).setParameter(3, spkId).setParameter(4, spkPublic)
                .setParameter(5, spkSig).setParameter(6, now).setParameter(7, appKey).setParameter(8, userId)
                .setParameter(9, deviceId).executeUpdate();
        if (updated == 0) {
            em.createNativeQuery("INSERT INTO im_device_key (app_key, user_id, device_id, identity_key, signing_key, "
                            + "signed_pre_key_id, signed_pre_key, signed_pre_key_sig, updated_at) "
                            + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                    .setParameter(1, appKey).setParameter(2, userId).setParameter(3, deviceId).setParameter(4, identity)
                    .setParameter(5, signing).setParameter(6, spkId).setParameter(7, spkPublic).setParameter(8, spkSig)
                    .setParameter(9, now).executeUpdate();
        }
        // the device's key ids, read once: a keyId it already has is kept as it is (an upload sent twice)
        Set<Long> held = new HashSet<>();
        for (Object id : em.createNativeQuery("SELECT key_id FROM im_one_time_pre_key WHERE app_key = ?1 "
                        + "AND user_id = ?2 AND device_id = ?3")
                .setParameter(1, appKey).setParameter(2, userId).setParameter(3, deviceId).getResultList()) {
            held.add(((Number) id).longValue());
        }
        long have = held.size();
        List<PreKey> fresh = new ArrayList<>();
        for (PreKey p : otps) {
            if (!held.contains(p.keyId())) {
                fresh.add(p);
            }
        }
        if (have + fresh.size() > OTP_PER_DEVICE) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "a device may hold at most " + OTP_PER_DEVICE
                    + " one-time pre-keys; it has " + have);
        }
        for (PreKey p : fresh) {
            em.createNativeQuery("INSERT INTO im_one_time_pre_key (app_key, user_id, device_id, key_id, public_key) "
                            + "VALUES (?1, ?2, ?3, ?4, ?5)")
                    .setParameter(1, appKey).setParameter(2, userId).setParameter(3, deviceId)
                    .setParameter(4, p.keyId()).setParameter(5, p.publicKey().trim()).executeUpdate();
        }
        return new Supply(deviceId, have + fresh.size());
    }

    /** The device's one-time pre-keys left; {@code NOT_FOUND} when it published no bundle. */
    @Transactional
    public Supply supply(String appKey, String userId, String deviceId) {
        long bundles = ((Number) em.createNativeQuery("SELECT COUNT(*) FROM im_device_key WHERE app_key = ?1 "
                        + "AND user_id = ?2 AND device_id = ?3")
                .setParameter(1, appKey).setParameter(2, userId).setParameter(3, deviceId).getSingleResult()).longValue();
        if (bundles == 0) {
            throw new ImException(ErrorCode.NOT_FOUND, "device " + deviceId + " has published no keys");
        }
        return new Supply(deviceId, count(appKey, userId, deviceId));
    }

    /**
     * Every device bundle of the user, each with one one-time pre-key taken out of the directory (so
     * two callers never get the same one); devices without any left come with none.
     */
    @Transactional
    public List<Bundle> take(String appKey, String userId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT device_id, identity_key, signing_key, signed_pre_key_id, "
                        + "signed_pre_key, signed_pre_key_sig FROM im_device_key WHERE app_key = ?1 AND user_id = ?2 "
                        + "ORDER BY device_id")
                .setParameter(1, appKey).setParameter(2, userId).getResultList();
        List<Bundle> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            String device = (String) r[0];
            out.add(new Bundle(device, (String) r[1], (String) r[2],
                    new SignedPreKey(((Number) r[3]).longValue(), (String) r[4], (String) r[5]),
                    takeOne(appKey, userId, device)));
        }
        return out;
    }

    /** The lowest one-time pre-key of the device, deleted; retried when another caller took it first. */
    private PreKey takeOne(String appKey, String userId, String deviceId) {
        for (int attempt = 0; attempt < 5; attempt++) {
            @SuppressWarnings("unchecked")
            List<Object[]> first = em.createNativeQuery("SELECT key_id, public_key FROM im_one_time_pre_key "
                            + "WHERE app_key = ?1 AND user_id = ?2 AND device_id = ?3 ORDER BY key_id")
                    .setParameter(1, appKey).setParameter(2, userId).setParameter(3, deviceId).setMaxResults(1)
                    .getResultList();
            if (first.isEmpty()) {
                return null;
            }
            long id = ((Number) first.get(0)[0]).longValue();
            int gone = em.createNativeQuery("DELETE FROM im_one_time_pre_key WHERE app_key = ?1 AND user_id = ?2 "
                            + "AND device_id = ?3 AND key_id = ?4")
                    .setParameter(1, appKey).setParameter(2, userId).setParameter(3, deviceId).setParameter(4, id)
                    .executeUpdate();
            if (gone == 1) {
                return new PreKey(id, (String) first.get(0)[1]);
            }
        }
        return null;
    }

    /** Forgets a device's keys (it is logged out, or reset). */
    @Transactional
    public void remove(String appKey, String userId, String deviceId) {
        em.createNativeQuery("DELETE FROM im_one_time_pre_key WHERE app_key = ?1 AND user_id = ?2 AND device_id = ?3")
                .setParameter(1, appKey).setParameter(2, userId).setParameter(3, deviceId).executeUpdate();
        int n = em.createNativeQuery("DELETE FROM im_device_key WHERE app_key = ?1 AND user_id = ?2 AND device_id = ?3")
                .setParameter(1, appKey).setParameter(2, userId).setParameter(3, deviceId).executeUpdate();
        if (n == 0) {
            throw new ImException(ErrorCode.NOT_FOUND, "device " + deviceId + " has published no keys");
        }
    }

    /** Forgets every key of the user (its hard delete); answers how many devices had some. */
    @Transactional
    public int removeAll(String appKey, String userId) {
        em.createNativeQuery("DELETE FROM im_one_time_pre_key WHERE app_key = ?1 AND user_id = ?2")
                .setParameter(1, appKey).setParameter(2, userId).executeUpdate();
        return em.createNativeQuery("DELETE FROM im_device_key WHERE app_key = ?1 AND user_id = ?2")
                .setParameter(1, appKey).setParameter(2, userId).executeUpdate();
    }

    private long count(String appKey, String userId, String deviceId) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM im_one_time_pre_key WHERE app_key = ?1 "
                        + "AND user_id = ?2 AND device_id = ?3")
                .setParameter(1, appKey).setParameter(2, userId).setParameter(3, deviceId).getSingleResult()).longValue();
    }

    private static long keyId(String field, Long id) {
        if (id == null || id < 0) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be a non-negative integer");
        }
        return id;
    }

    /** A public key or signature: base64 (standard or URL-safe, padded or not) of 32 to 128 bytes. */
    private static String key(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, field + " is required");
            }
            return null;
        }
        String v = value.trim();
        byte[] raw;
        try {
            raw = v.indexOf('-') >= 0 || v.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(v) : Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be base64");
        }
        if (raw.length < 32 || raw.length > 128) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be 32 to 128 bytes, not " + raw.length);
        }
        return v;
    }
}
