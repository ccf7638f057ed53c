package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * "Log in with your company account" in a real Chromium: OpenID Connect's authorization-code flow
 * with PKCE against the tests' identity provider (TestIdp, found by discovery). The provider checks
 * the verifier against the challenge; the server checks the ID token's signature, issuer, audience
 * and role.
 */
class SsoLoginIT {

    @Test
    void an_employee_with_the_tenant_role_logs_in_to_the_tenant_console() {
        String email = ItEnv.uid("sso") + "@corp.example";
        try (TestIdp idp = TestIdp.start(); Browser b = Browser.open()) {
            idp.signsIn(Map.of("sub", email, "email", email, "name", "Corp", "groups", List.of("im-tenant")));
            b.get("/console/");
            b.await("#sso-button");
            b.click("Log in with your company account");
            b.await("#create-app-form");
            assertThat(b.find("#who-name").getText()).isEqualTo(email);
            assertThat(b.driver().getCurrentUrl()).as("the code is gone from the address bar")
                    .doesNotContain("code=").endsWith("/console/");
            b.type("New app name", "Made with SSO").click("Create app");
            b.await("#secret-value");

            // the same person has no operations role
            b.get("/ops/");
            b.await("#sso-button");
            b.click("Log in with your company account");
            b.await(Duration.ofSeconds(15)).until(d -> d.findElement(By.id("alert")).getText().contains("FORBIDDEN"));
            assertThat(b.find("#ops").isDisplayed()).isFalse();
        }
    }

    @Test
    void an_id_token_for_another_application_is_refused() {
        String email = ItEnv.uid("sso") + "@corp.example";
        try (TestIdp idp = TestIdp.start(); Browser b = Browser.open()) {
            idp.signsIn(Map.of("sub", email, "email", email, "groups", List.of("im-tenant"), "aud", "payroll"));
            b.get("/console/");
            b.await("#sso-button");
            b.click("Log in with your company account");
            b.await(Duration.ofSeconds(15)).until(d -> d.findElement(By.id("alert")).getText().contains("TOKEN_INVALID"));
            assertThat(b.find("#console").isDisplayed()).isFalse();
        }
    }
}
