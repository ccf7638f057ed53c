package com.xuqinmin.im.auth;

/** Who a verified token names: a user of an app. */
public record Identity(String appKey, String userId) {
}
