package com.xuqinmin.im.account;

import java.util.Optional;

/**
 * The apps' settings as the chat's rules read them (the revoke window above all); {@link AppDirectory}
 * answers from a cache of {@code im_app}.
 */
public interface Apps {

    /** The app, or empty when there is no such app. Disabled apps are returned (callers decide). */
    Optional<AppInfo> find(String appKey);
}
