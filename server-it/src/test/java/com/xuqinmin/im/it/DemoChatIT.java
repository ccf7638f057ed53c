package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The demo chat at {@code /} in two real Chromium windows: alice and bob, users of the demo app, sign
 * in through the page, chat one-to-one (the message arrives live, the read receipt comes back), revoke,
 * chat in a group, and bob, cut off and offline, gets what he missed when the page reconnects.
 */
class DemoChatIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void the_page_is_served_with_a_strict_content_security_policy() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(ItEnv.http("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>XuqmGroup IM demo chat</title>")
                .doesNotContain("<script>").doesNotContain("http://").doesNotContain("https://cdn");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        HttpResponse<String> stompjs = HTTP.send(HttpRequest.newBuilder(
                ItEnv.http("/webjars/stomp__stompjs/7.2.1/bundles/stomp.umd.min.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stompjs.statusCode()).as("the WebJar the page names").isEqualTo(200);
    }

    @Test
    void the_demo_userSig_call_signs_only_for_the_demo_app() {
        var ok = Http.post("/api/demo/usersig", "{\"userId\":\"demo_alice\"}", null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.data().getString("appKey")).isEqualTo("ak_demo_chat");
        var login = Http.post("/api/im/auth/login", "{\"appKey\":\"ak_demo_chat\",\"userId\":\"demo_alice\",\"userSig\":\""
                + ok.data().getString("userSig") + "\"}", null);
        assertThat(login.status()).isEqualTo(200);
        var bad = Http.post("/api/demo/usersig", "{\"userId\":\"not valid!\"}", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().getString("error")).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void alice_and_bob_chat_revoke_and_sync_in_two_browsers() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String team = ItEnv.uid("team");
        Admin.importUsers(alice, bob);
        Admin.createGroup(team, alice, bob);
        try (Browser a = Browser.open(); Browser b = Browser.open()) {
            signIn(a, alice);
            signIn(b, bob);

            // alice opens a chat with bob and writes; it arrives in bob's window, unread
            a.type("Chat with user", bob).click("Open");
            a.type("Message", "Hello Bob, this is Alice");
            long sentAt = System.nanoTime();
            a.click("Send");
            WebElement badge = b.await(Duration.ofSeconds(10)).until(d -> {
                List<WebElement> e = d.findElements(By.cssSelector("[data-conv='" + single(alice, bob) + "'] .unread"));
                return e.isEmpty() ? null : e.get(0);
            });
            long arrivedMillis = Duration.ofNanos(System.nanoTime() - sentAt).toMillis();
            assertThat(badge.getText()).isEqualTo("1");
            // a second on a quiet machine; the CI machine is shared, so allow for it
            assertThat(arrivedMillis).as("ms from alice's Send to bob's unread badge").isLessThan(3000);
            awaitStatus(a, "Hello Bob, this is Alice", "sent");

            // bob opens it: the message is there, and alice sees it read
            b.find("[data-conv='" + single(alice, bob) + "']").click();
            b.await(Duration.ofSeconds(10)).until(d -> text(d.findElements(By.cssSelector("#messages .msg .text")))
                    .contains("Hello Bob, this is Alice"));
            awaitStatus(a, "Hello Bob, this is Alice", "read");
            b.type("Message", "Hi Alice! Got it.").click("Send");
            a.await(Duration.ofSeconds(10)).until(d -> text(d.findElements(By.cssSelector("#messages .msg .text")))
                    .contains("Hi Alice! Got it."));
            a.type("Message", "Oops, wrong chat").click("Send");

            // alice revokes it at once (the test server's revoke window is 3 s); bob's window shows it revoked
            a.await(Duration.ofSeconds(10)).until(d -> !message(a, "Oops, wrong chat")
                    .findElements(By.cssSelector("button.revoke")).isEmpty());
            message(a, "Oops, wrong chat").findElement(By.cssSelector("button.revoke")).click();
            b.await(Duration.ofSeconds(10)).until(d -> !text(d.findElements(By.cssSelector("#messages .msg .text")))
                    .contains("Oops, wrong chat") && text(d.findElements(By.cssSelector("#messages .msg.revoked .text")))
                    .contains("message revoked"));
            a.await(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#messages .msg.revoked")).isEmpty());
            awaitStatus(a, "Hello Bob, this is Alice", "read");
            a.screenshot("demo-chat-alice");
            b.screenshot("demo-chat-bob");

            // the group: both were members at sign-in, so the page subscribed to its topic
            a.find("[data-conv='g:" + team + "']").click();
            a.type("Message", "Hello team").click("Send");
            b.await(Duration.ofSeconds(10)).until(d -> !d.findElements(
                    By.cssSelector("[data-conv='g:" + team + "'] .unread")).isEmpty());
            b.find("[data-conv='g:" + team + "']").click();
            b.await(Duration.ofSeconds(10)).until(d -> text(d.findElements(By.cssSelector("#messages .msg .text")))
                    .contains("Hello team"));
            awaitStatus(a, "Hello team", "read by " + bob);

            // bob loses the network and his session; alice writes meanwhile; back online, the page
            // reconnects by itself and chat.sync brings the message
            b.find("[data-conv='" + single(alice, bob) + "']").click();
            b.offline(true);
            var kicked = Admin.post("/api/im/admin/users/" + bob + "/kick", "{}");
            assertThat(kicked.status()).isEqualTo(200);
            b.await(Duration.ofSeconds(10)).until(d -> "reconnecting".equals(
                    d.findElement(By.id("state")).getAttribute("data-state")));
            a.find("[data-conv='" + single(alice, bob) + "']").click();
            a.type("Message", "Sent while you were away").click("Send");
            awaitStatus(a, "Sent while you were away", "sent");
            sleep(1500);
            assertThat(text(b.driver().findElements(By.cssSelector("#messages .msg .text"))))
                    .doesNotContain("Sent while you were away");
            b.offline(false);
            b.await(Duration.ofSeconds(20)).until(d -> "online".equals(
                    d.findElement(By.id("state")).getAttribute("data-state")));
            b.await(Duration.ofSeconds(10)).until(d -> text(d.findElements(By.cssSelector("#messages .msg .text")))
                    .contains("Sent while you were away"));
            assertThat(b.consoleErrors()).doesNotContain("Content Security Policy");
            assertThat(a.consoleErrors()).doesNotContain("Content Security Policy");
        }
    }

    @Test
    void history_scrolls_back_a_page_at_a_time() {
        String hana = ItEnv.uid("hana");
        String ivan = ItEnv.uid("ivan");
        Admin.importUsers(hana, ivan);
        for (int i = 1; i <= 45; i++) {
            var r = Admin.post("/api/im/admin/messages/send", "{\"fromId\":\"" + ivan + "\",\"toId\":\"" + hana
                    + "\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"note " + i + "\",\"messageId\":\"h" + i + "\"}");
            assertThat(r.status()).isEqualTo(200);
        }
        try (Browser b = Browser.open()) {
            // the first visit of this browser (a new device) gets the whole history through chat.sync
            signIn(b, hana);
            assertThat(b.await("[data-conv='" + single(hana, ivan) + "']").getText()).contains(ivan, "45");
            // the next visit of the same device gets nothing new from sync: the page reads the history
            // over HTTP, a page at a time
            sleep(1500);
            signIn(b, hana);
            WebElement conv = b.await("[data-conv='" + single(hana, ivan) + "']");
            assertThat(conv.getText()).contains(ivan, "45");
            conv.click();
            b.await(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#messages .msg")).size() == 30);
            List<String> shown = text(b.driver().findElements(By.cssSelector("#messages .msg .text")));
            assertThat(shown.get(0)).isEqualTo("note 16");
            assertThat(shown.get(29)).isEqualTo("note 45");
            // scrolling to the top loads the page before
            b.script("document.getElementById('history').scrollTop = 0");
            b.await(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#messages .msg")).size() == 45);
            assertThat(text(b.driver().findElements(By.cssSelector("#messages .msg .text"))).get(0)).isEqualTo("note 1");
            b.await(Duration.ofSeconds(5)).until(d -> !d.findElement(By.id("earlier")).isDisplayed());
            assertThat(b.find("[data-conv='" + single(hana, ivan) + "']").getText()).doesNotContain("45");
        }
    }

    private static void signIn(Browser b, String user) {
        b.get("/");
        b.type("User of the demo app", user).click("Sign in");
        b.await(Duration.ofSeconds(20)).until(d -> "online".equals(
                d.findElement(By.id("state")).getAttribute("data-state")));
        assertThat(b.find("#me-name").getText()).isEqualTo(user);
    }

    private static String single(String x, String y) {
        return x.compareTo(y) <= 0 ? "s:" + x + ":" + y : "s:" + y + ":" + x;
    }

    private static WebElement message(Browser b, String content) {
        for (WebElement li : b.driver().findElements(By.cssSelector("#messages .msg"))) {
            if (li.findElement(By.cssSelector(".text")).getText().equals(content)) {
                return li;
            }
        }
        throw new AssertionError("no message \"" + content + "\" on the page");
    }

    private static void awaitStatus(Browser b, String content, String status) {
        b.await(Duration.ofSeconds(10)).until(d -> {
            WebElement li = message(b, content);
            List<WebElement> r = li.findElements(By.cssSelector(".receipt"));
            return !r.isEmpty() && r.get(0).getText().equals(status);
        });
    }

    private static List<String> text(List<WebElement> elements) {
        return elements.stream().map(WebElement::getText).toList();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
