package com.xuqinmin.im.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A device of an IM user that can be reached by push while the user has no session. */
@Entity
@Table(name = "im_push_device")
@IdClass(PushDevice.Key.class)
public class PushDevice {

    /** The primary key: (appKey, userId, deviceId). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String appKey;
        public String userId;
        public String deviceId;

        public Key() {
        }

        public Key(String appKey, String userId, String deviceId) {
            this.appKey = appKey;
            this.userId = userId;
            this.deviceId = deviceId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && appKey.equals(k.appKey) && userId.equals(k.userId)
                    && deviceId.equals(k.deviceId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(appKey, userId, deviceId);
        }
    }

    @Id
    @Column(name = "app_key", length = 32)
    private String appKey;

    @Id
    @Column(name = "user_id", length = 64)
    private String userId;

    @Id
    @Column(name = "device_id", length = 64)
    private String deviceId;

    @Column(name = "platform", nullable = false, length = 16)
    private String platform;

    @Column(name = "push_token", nullable = false, length = 512)
    private String pushToken;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected PushDevice() {
    }

    PushDevice(String appKey, String userId, String deviceId) {
        this.appKey = appKey;
        this.userId = userId;
        this.deviceId = deviceId;
    }

    void set(String platform, String pushToken, long now) {
        this.platform = platform;
        this.pushToken = pushToken;
        this.updatedAt = now;
    }

    public String getAppKey() { return appKey; }
    public String getUserId() { return userId; }
    public String getDeviceId() { return deviceId; }
    public String getPlatform() { return platform; }
    public String getPushToken() { return pushToken; }
    public long getUpdatedAt() { return updatedAt; }
}
