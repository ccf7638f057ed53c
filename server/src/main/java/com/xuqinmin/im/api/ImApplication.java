package com.xuqinmin.im.api;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.Dependent;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The HTTP API (API.md) under {@code /api}. The IM client API is protected by MicroProfile JWT:
 * its resources say which {@code groups} of an im_jwt they allow.
 *
 * <p>{@code @Dependent} makes the class a CDI bean even under {@code bean-discovery-mode="annotated"}:
 * Payara (and other servers whose MicroProfile JWT is a CDI extension) only install their MP-JWT
 * mechanism when they see {@code @LoginConfig} on a bean. Liberty reads it either way.
 */
@Dependent
@ApplicationPath("/api")
@LoginConfig(authMethod = "MP-JWT", realmName = "xuqm-im")
@DeclareRoles({"im-user", "im-admin", "tenant", "ops"})
public class ImApplication extends Application {
}
