package com.xuqinmin.im.sdk;

/** The app's social policy: how friendships are made, and whether single chats need one. */
public final class SocialPolicy {

    private final AddFriendPolicy addFriend;
    private final MessagingPolicy messaging;

    private SocialPolicy(Json.Obj o) {
        this.addFriend = AddFriendPolicy.valueOf(o.str("addFriend"));
        this.messaging = MessagingPolicy.valueOf(o.str("messaging"));
    }

    static SocialPolicy of(Json.Obj o) {
        return new SocialPolicy(o);
    }

    public AddFriendPolicy addFriend() {
        return addFriend;
    }

    public MessagingPolicy messaging() {
        return messaging;
    }

    @Override
    public String toString() {
        return "SocialPolicy[addFriend=" + addFriend + ", messaging=" + messaging + "]";
    }
}
