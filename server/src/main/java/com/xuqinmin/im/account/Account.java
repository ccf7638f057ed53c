package com.xuqinmin.im.account;

/** What password login needs from a tenant or an operator account. */
public interface Account {

    String getPasswordHash();

    void setPasswordHash(String hash);

    int getFailedLogins();

    void setFailedLogins(int n);

    Long getLockedUntil();

    void setLockedUntil(Long until);

    boolean isActive();
}
