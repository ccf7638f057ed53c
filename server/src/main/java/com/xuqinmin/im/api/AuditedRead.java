package com.xuqinmin.im.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A read {@link AuditFilter} writes to the audit log as it does a change: one that looks into the
 * users' messages (the compliance search), so that who looked, and when, is on record.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AuditedRead {
}
