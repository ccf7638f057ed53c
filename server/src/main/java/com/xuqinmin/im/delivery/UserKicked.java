package com.xuqinmin.im.delivery;

/** Every session of a user closes with {@code ERROR message:Kicked} and this reason. */
public record UserKicked(String appKey, String userId, String reason) implements ImEvent {
}
