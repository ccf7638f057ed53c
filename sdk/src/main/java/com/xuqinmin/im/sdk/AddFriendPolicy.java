package com.xuqinmin.im.sdk;

/** Who may make a user a friend: anyone at once, anyone the user approves (the default), or nobody (the server API only). */
public enum AddFriendPolicy { ANYONE, APPROVAL, NOBODY }
