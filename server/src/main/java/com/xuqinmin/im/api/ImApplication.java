package com.xuqinmin.im.api;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The HTTP API (API.md) under {@code /api}. The IM client API is protected by MicroProfile JWT:
 * its resources say which {@code groups} of an im_jwt they allow.
 */
@ApplicationPath("/api")
@LoginConfig(authMethod = "MP-JWT", realmName = "xuqm-im")
@DeclareRoles({"im-user", "im-admin", "tenant", "ops"})
public class ImApplication extends Application {
}
