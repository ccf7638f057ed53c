package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.auth.UserSig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The operations console at {@code /ops/} in a real Chromium: the operator logs in, sees the server's
 * health and metrics and the tenants and apps, and disables an app; that app's user, connected over
 * STOMP, is cut off at once and cannot come back.
 */
class OpsConsoleIT {

    @Test
    void an_operator_disables_an_app_and_its_user_is_cut_off() {
        Console.Tenant tenant = Console.newTenant();
        Console.App app = Console.newApp(tenant);
        String erin = ItEnv.uid("erin");
        String sig = UserSig.mint(app.appKey(), app.secret(), erin, System.currentTimeMillis() / 1000, 600);
        try (Browser b = Browser.open(); StompClient erinSession = StompClient.connect(sig)) {
            b.get("/ops/");
            b.type("Operator", "ops").type("Password", Console.opsPassword()).click("Log in");
            b.await("[data-app='" + app.appKey() + "']");
            b.await(Duration.ofSeconds(10)).until(d -> "UP".equals(d.findElement(By.id("ready")).getText()));
            b.await(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("[data-metric='im_connections']")).isEmpty());
            assertThat(b.find("[data-tenant='" + tenant.id() + "']").getText()).contains(tenant.email(), "ACTIVE");

            b.clickOn("[data-app='" + app.appKey() + "'] button");
            b.await(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("[data-app='" + app.appKey() + "']"))
                    .getText().contains("DISABLED"));
            var kicked = erinSession.awaitError();
            assertThat(kicked.header("message")).isEqualTo("Kicked");
            assertThat(kicked.bodyText()).contains("the app was disabled");
            erinSession.awaitClose();
            b.screenshot("ops-console", "body");

            // and the tenant: its console login is refused from then on
            assertThat(Console.login(tenant.email(), Console.STRONG).status()).isEqualTo(200);
            b.clickOn("[data-tenant='" + tenant.id() + "'] button");
            b.await(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("[data-tenant='" + tenant.id() + "']"))
                    .getText().contains("DISABLED"));
            Admin.Reply refused = Console.login(tenant.email(), Console.STRONG);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body().getString("error")).isEqualTo("TENANT_DISABLED");
            assertThat(Http.get("/api/apps", tenant.token()).status()).as("its console token too").isEqualTo(401);
        }
        assertThatThrownBy(() -> StompClient.connect(sig).close()).as("a user of the disabled app connects again")
                .isInstanceOf(AssertionError.class).hasMessageContaining("expected CONNECTED");
    }
}
