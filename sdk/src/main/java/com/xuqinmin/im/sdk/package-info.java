/**
 * The Java server SDK of XuqmGroup IM: {@link com.xuqinmin.im.sdk.ImServerClient} calls the signed
 * server API ({@code /api/im/admin/}) for one app — users, messages, groups — and makes and checks
 * userSigs locally ({@link com.xuqinmin.im.sdk.UserSig}). Failures are {@link com.xuqinmin.im.sdk.ImException}.
 * Java 11+, no dependencies beyond the JDK.
 */
package com.xuqinmin.im.sdk;
