package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.auth.UserSig;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The tenant console at {@code /console/} in a real Chromium: a company signs up, creates an app and
 * sees its AppSecret once, imports users, makes a group and manages its members and read receipts, sends a message as
 * the server that the user's own STOMP session receives, sees the user online and kicks it, and
 * rotates the secret; lists the app's users, sees one online in the demo page, kicks him there and
 * watches the message counts go up; sets the app's push providers, whose secrets it never shows back.
 * Everything the page does goes through the existing JSON APIs.
 */
class ConsoleIT {

    @Test
    void a_tenant_signs_up_creates_an_app_imports_a_user_and_sends_it_a_message() {
        String email = ItEnv.uid("c") + "@company.example";
        String carol = ItEnv.uid("carol");
        String dave = ItEnv.uid("dave");
        String group = ItEnv.uid("crew");
        try (Browser b = Browser.open()) {
            b.get("/console/");
            b.type("Company name", "Example Corp").type("Work e-mail", email)
                    .type("New password", Console.STRONG).click("Sign up");
            b.await("#create-app-form");
            assertThat(b.find("#who-name").getText()).isEqualTo(email);

            b.type("New app name", "Support chat").click("Create app");
            String secret = b.await("#secret-value").getText();
            String appKey = b.find("#app-key").getText();
            assertThat(appKey).matches("ak_[a-z0-9]{16}");
            assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
            assertThat(b.find("[data-app='" + appKey + "']").getText()).contains("Support chat", "ACTIVE");

            b.type("User IDs to import (comma separated)", carol + ", " + dave).click("Import users");
            awaitNote(b, "Imported: " + carol + ", " + dave);
            b.screenshot("console-app", "#app");

            // carol is online with the app's real protocol, signed with the secret the page showed
            String sig = UserSig.mint(appKey, secret, carol, System.currentTimeMillis() / 1000, 600);
            try (StompClient c = StompClient.connect(sig)) {
                c.subscribe("sub-1", "/user/queue/messages");
                c.sendJson("/app/chat.sync", "{}", "sync-1");
                c.awaitReceipt("sync-1");

                b.type("To", carol).type("Text", "Welcome to Support chat").click("Send message");
                awaitNote(b, "Sent: message");
                var m = c.awaitMessage("/user/queue/messages", j -> "Welcome to Support chat".equals(j.getString("content")));
                assertThat(m.getString("fromId")).isEqualTo("system");

                b.type("Group ID", group).type("Group name", "Crew").type("Owner", carol)
                        .type("Members (comma separated)", dave).click("Create group");
                b.await(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("[data-member]")).size() == 2);
                b.clickOn("[data-member='" + dave + "'] button");
                b.await(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("[data-member]")).size() == 1);
                b.type("Add members (comma separated)", dave).click("Add members");
                b.await(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("[data-member]")).size() == 2);
                // the group's read receipts, on by default for a small group: switched off and on again
                assertThat(b.find("#receipts").getAttribute("data-receipts")).isEqualTo("true");
                b.click("Turn read receipts off");
                awaitNote(b, "Read receipts of group " + group + " are off");
                b.await(Duration.ofSeconds(10)).until(d -> "false".equals(
                        d.findElement(By.id("receipts")).getAttribute("data-receipts")));
                assertThat(readReceipts(appKey, secret, group)).isFalse();
                b.click("Turn read receipts on");
                b.await(Duration.ofSeconds(10)).until(d -> "true".equals(
                        d.findElement(By.id("receipts")).getAttribute("data-receipts")));
                assertThat(readReceipts(appKey, secret, group)).isTrue();

                b.type("Look up user", carol).click("Show user");
                b.await(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#user-view")).getText()
                        .contains("online (1 session)"));
                b.screenshot("console-users", "#user-form");
                b.click("Kick");
                var kicked = c.awaitError();
                assertThat(kicked.header("message")).isEqualTo("Kicked");
                b.await(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#user-view")).getText()
                        .contains("offline (0 sessions)"));
            }

            b.click("Rotate AppSecret");
            b.await(Duration.ofSeconds(10)).until(d -> {
                String now = d.findElement(By.id("secret-value")).getText();
                return !now.isEmpty() && !now.equals(secret);
            });
        }
    }

    @Test
    void the_console_lists_the_users_sees_one_online_in_the_demo_page_kicks_him_and_counts_the_messages() {
        Console.Tenant t = Console.newTenant();
        Console.App app = Console.newApp(t);
        String prefix = ItEnv.uid("u");
        String bob = prefix + "_bob";
        String carol = prefix + "_carol";
        try (Browser b = Browser.open(); Browser demo = Browser.open()) {
            b.get("/console/");
            b.type("E-mail", t.email()).type("Password", Console.STRONG).click("Log in");
            b.clickOn("[data-app='" + app.appKey() + "'] button");
            b.await(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("users-page")).getText().startsWith("0 users"));
            b.await(Duration.ofSeconds(10)).until(d -> "0".equals(d.findElement(By.id("msg-total")).getAttribute("data-total")));

            // import two users (signed with the secret), then the list shows them, and finds one by prefix
            b.type("AppSecret for this session", app.secret()).click("Use this secret");
            b.type("User IDs to import (comma separated)", carol + ", " + bob).click("Import users");
            awaitNote(b, "Imported: " + carol + ", " + bob);
            b.await(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("[data-user-row]")).size() == 2);
            assertThat(b.find("#users-list").getText()).contains(bob, carol);
            assertThat(b.find("#users-page").getText()).isEqualTo("2 users · page 1 of 1");
            b.type("Find users by ID prefix", prefix + "_b").click("Find users");
            b.await(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("[data-user-row]")).size() == 1);
            assertThat(b.find("[data-user-row]").getAttribute("data-user-row")).isEqualTo(bob);

            // bob opens the demo page as a user of this app, with a userSig its back-end would make
            demo.get("/");
            demo.driver().findElement(By.cssSelector(".other-app summary")).click();
            demo.type("User of the demo app", bob).type("App key", app.appKey())
                    .type("userSig", UserSig.mint(app.appKey(), app.secret(), bob, System.currentTimeMillis() / 1000, 600))
                    .click("Sign in");
            demo.await(Duration.ofSeconds(20)).until(d -> "online".equals(d.findElement(By.id("state")).getAttribute("data-state")));

            // the console sees him online, on a WebSocket
            b.click("Refresh online users");
            b.await(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("[data-online='" + bob + "']")).isEmpty());
            assertThat(b.find("[data-online='" + bob + "']").getText()).contains("websocket");
            assertThat(b.find("#online-scope").getText()).startsWith("1 online (this node)");

            // a message from the console: the demo page gets it, and the counts go up by one
            b.type("To", bob).type("Text", "Hello from the console").click("Send message");
            awaitNote(b, "Sent: message");
            demo.await(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("conv-list")).getText().contains("system"));
            b.await(Duration.ofSeconds(10)).until(d -> "1".equals(d.findElement(By.id("msg-total")).getAttribute("data-total")));
            String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
            b.await(Duration.ofSeconds(10)).until(d -> {
                var rows = d.findElements(By.cssSelector("#msg-days tr"));
                return rows.size() == 7 && rows.get(6).findElement(By.cssSelector(".count")).getText().equals("1")
                        // the day may have turned since the message
                        || !rows.isEmpty() && !rows.get(6).getAttribute("data-day").equals(today);
            });
            b.screenshot("console-online", "#app-live");

            // kick him: his page shows the disconnect (and, as a kick does not end his session, reconnects)
            b.clickOn("[data-online='" + bob + "'] button");
            awaitNote(b, "Kicked " + bob);
            demo.await(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("dropped")).isDisplayed());
            assertThat(demo.find("#dropped").getAttribute("data-reason")).isEqualTo("Kicked");
            assertThat(demo.find("#dropped").getText()).startsWith("Disconnected at ").endsWith(": Kicked");
            demo.screenshot("demo-chat-kicked");
            demo.await(Duration.ofSeconds(20)).until(d -> "online".equals(d.findElement(By.id("state")).getAttribute("data-state")));
            assertThat(b.consoleErrors()).doesNotContain("Content Security Policy");
            assertThat(demo.consoleErrors()).doesNotContain("Content Security Policy");
        }
    }

    @Test
    void the_console_sets_the_apps_push_providers_and_never_shows_their_secrets_back() throws Exception {
        Console.Tenant t = Console.newTenant();
        Console.App app = Console.newApp(t);
        String push = "/api/apps/" + app.appKey() + "/push";
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        String p8 = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(g.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        try (TestFcm fcm = new TestFcm(java.util.Set.of(), java.util.Set.of()); Browser b = Browser.open()) {
            b.get("/console/");
            b.type("E-mail", t.email()).type("Password", Console.STRONG).click("Log in");
            b.await("[data-app='" + app.appKey() + "'] button").click();
            b.await(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("push-state")).getText()
                    .startsWith("No push settings"));

            b.find("#push-apns-on").click();
            b.type("APNs key ID", "ABC123DEFG").type("APNs team ID", "DEF123GHIJ")
                    .type("APNs topic (bundle ID)", "com.example.console").type("APNs .p8 key", p8);
            b.find("#push-fcm-on").click();
            b.type("FCM project ID", TestFcm.PROJECT);
            // the JSON key is long: set at once rather than typed key by key
            b.script("arguments[0].value = arguments[1]", b.labelled("FCM service account JSON"), fcm.serviceAccount());
            b.type("Title template", "{groupName}").click("Save push settings");
            awaitNote(b, "Push settings saved");

            // stored, shown as stored, and never shown back: the page's fields are empty again
            assertThat(b.find("#push-state").getAttribute("data-apns-key")).isEqualTo("true");
            assertThat(b.find("#push-state").getAttribute("data-fcm-account")).isEqualTo("true");
            assertThat(b.find("#push-state").getText()).contains("APNs key ABC123DEFG stored", TestFcm.CLIENT_EMAIL);
            assertThat(b.labelled("APNs .p8 key").getAttribute("value")).isEmpty();
            assertThat(b.labelled("FCM service account JSON").getAttribute("value")).isEmpty();
            assertThat(b.driver().getPageSource()).doesNotContain("PRIVATE KEY");
            JsonObject stored = Http.get(push, t.token()).data();
            assertThat(stored.getJsonObject("apns").getBoolean("keySet")).isTrue();
            assertThat(stored.getJsonObject("apns").getString("topic")).isEqualTo("com.example.console");
            assertThat(stored.getJsonObject("fcm").getString("clientEmail")).isEqualTo(TestFcm.CLIENT_EMAIL);
            assertThat(stored.getString("titleTemplate")).isEqualTo("{groupName}");

            // a template changed alone keeps the stored key and service account
            b.type("Body template", "{senderNickname}: {content}").click("Save push settings");
            b.await(Duration.ofSeconds(10)).until(d -> "{senderNickname}: {content}".equals(
                    Http.get(push, t.token()).data().getString("bodyTemplate")));
            JsonObject kept = Http.get(push, t.token()).data();
            assertThat(kept.getJsonObject("apns").getBoolean("keySet")).isTrue();
            assertThat(kept.getJsonObject("fcm").getBoolean("serviceAccountSet")).isTrue();
            assertThat(kept.getString("titleTemplate")).isEqualTo("{groupName}");

            b.click("Remove push settings");
            awaitNote(b, "Push settings removed");
            assertThat(Http.get(push, t.token()).status()).isEqualTo(404);
            assertThat(b.find("#push-state").getText()).startsWith("No push settings");
        }
    }

    @Test
    void a_wrong_app_secret_is_refused_by_the_server_not_trusted_by_the_page() {
        Console.Tenant t = Console.newTenant();
        Console.App app = Console.newApp(t);
        try (Browser b = Browser.open()) {
            b.get("/console/");
            b.type("E-mail", t.email()).type("Password", Console.STRONG).click("Log in");
            b.clickOn("[data-app='" + app.appKey() + "'] button");
            b.type("AppSecret for this session", "not-the-secret-not-the-secret-not-the-secret").click("Use this secret");
            b.await(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("alert")).getText().contains("INVALID_SIGNATURE"));
            assertThat(b.find("#server-api").isDisplayed()).isFalse();
            b.type("AppSecret for this session", app.secret()).click("Use this secret");
            b.await("#import-form");
        }
    }

    /** The group's read-receipts switch, as the app's back-end reads it. */
    private static boolean readReceipts(String appKey, String secret, String group) {
        Admin.Reply r = Admin.send("GET", "/api/im/admin/groups/" + group, null, appKey, secret,
                System.currentTimeMillis(), Admin.nonce());
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.data().getBoolean("readReceipts");
    }

    private static void awaitNote(Browser b, String text) {
        b.await(Duration.ofSeconds(10)).until(d -> {
            String alert = d.findElement(By.id("alert")).getText();
            if (!alert.isEmpty()) {
                throw new AssertionError("the page says: " + alert);
            }
            return d.findElement(By.id("note")).getText().contains(text);
        });
    }
}
