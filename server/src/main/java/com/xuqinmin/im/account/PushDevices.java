package com.xuqinmin.im.account;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Set;

/**
 * The devices IM users registered for offline push ({@code POST /api/im/devices}): a device's
 * token is replaced when it registers again, and removed on logout ({@code DELETE}).
 */
@ApplicationScoped
public class PushDevices {

    static final Set<String> PLATFORMS = Set.of("ios", "android", "web");

    @PersistenceContext(unitName = "im")
    EntityManager em;

    /** A device as the API shows it. */
    public record Device(String deviceId, String platform, String pushToken, long updatedAt) {
    }

    @Transactional
    public Device register(String appKey, String userId, String deviceId, String platform, String pushToken) {
        Ids.require("deviceId", deviceId);
        if (platform == null || !PLATFORMS.contains(platform)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "platform must be ios, android or web");
        }
        if (pushToken == null || pushToken.isBlank() || pushToken.length() > 512) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "pushToken must be 1 to 512 characters");
        }
        PushDevice d = em.find(PushDevice.class, new PushDevice.Key(appKey, userId, deviceId));
        if (d == null) {
            d = new PushDevice(appKey, userId, deviceId);
            d.set(platform, pushToken, System.currentTimeMillis());
            em.persist(d);
        } else {
            d.set(platform, pushToken, System.currentTimeMillis());
        }
        return view(d);
    }

    /** Forgets a device; {@code NOT_FOUND} when it was not registered. */
    @Transactional
    public void remove(String appKey, String userId, String deviceId) {
        PushDevice d = deviceId == null ? null : em.find(PushDevice.class, new PushDevice.Key(appKey, userId, deviceId));
        if (d == null) {
            throw new ImException(ErrorCode.NOT_FOUND, "no device " + deviceId);
        }
        em.remove(d);
    }

    /** Forgets every device of the user (its hard delete); answers how many. */
    @Transactional
    public int removeAll(String appKey, String userId) {
        return em.createQuery("DELETE FROM PushDevice d WHERE d.appKey = :a AND d.userId = :u")
                .setParameter("a", appKey).setParameter("u", userId).executeUpdate();
    }

    /**
     * Forgets a device's token that a push provider reported invalid, unless the device registered
     * another one since; answers whether it was removed.
     */
    @Transactional
    public boolean forgetToken(String appKey, String userId, String deviceId, String pushToken) {
        return em.createQuery("DELETE FROM PushDevice d WHERE d.appKey = :a AND d.userId = :u AND d.deviceId = :d "
                + "AND d.pushToken = :t").setParameter("a", appKey).setParameter("u", userId)
                .setParameter("d", deviceId).setParameter("t", pushToken).executeUpdate() > 0;
    }

    /** The user's registered devices. */
    @Transactional
    public List<Device> of(String appKey, String userId) {
        return em.createQuery("SELECT d FROM PushDevice d WHERE d.appKey = :a AND d.userId = :u ORDER BY d.deviceId",
                PushDevice.class).setParameter("a", appKey).setParameter("u", userId).getResultStream()
                .map(PushDevices::view).toList();
    }

    private static Device view(PushDevice d) {
        return new Device(d.getDeviceId(), d.getPlatform(), d.getPushToken(), d.getUpdatedAt());
    }
}
