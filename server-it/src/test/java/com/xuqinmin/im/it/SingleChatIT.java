package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One-to-one chat over real WebSockets: delivery, receipts, copies to the sender's other devices, idempotency. */
class SingleChatIT {

    @Test
    void message_reaches_recipient_and_senders_other_devices_but_not_the_sending_session() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a1 = StompClient.connect(ItEnv.userSig(alice), "phone");
             StompClient a2 = StompClient.connect(ItEnv.userSig(alice), "desktop");
             StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
            a1.subscribe("s1", "/user/queue/messages");
            a2.subscribe("s1", "/user/queue/messages");
            b.subscribe("s1", "/user/queue/messages");

            Frame receipt = a1.chat(bob, "SINGLE", "Hello", "c-1");
            assertThat(receipt.header("im-message-id")).hasSize(26);
            assertThat(receipt.header("im-seq")).isEqualTo("1");
            assertThat(receipt.header("im-created-at")).matches("\\d{13}");

            JsonObject atBob = b.awaitMessage("/user/queue/messages");
            assertThat(atBob.getString("id")).isEqualTo(receipt.header("im-message-id"));
            assertThat(atBob.getString("messageId")).isEqualTo("c-1");
            assertThat(atBob.getString("fromId")).isEqualTo(alice);
            assertThat(atBob.getString("toId")).isEqualTo(bob);
            assertThat(atBob.getString("chatType")).isEqualTo("SINGLE");
            assertThat(atBob.getString("msgType")).isEqualTo("TEXT");
            assertThat(atBob.getString("content")).isEqualTo("Hello");
            assertThat(atBob.getString("status")).isEqualTo("SENT");
            assertThat(atBob.getJsonNumber("seq").longValue()).isEqualTo(1);
            String expectedConversation = alice.compareTo(bob) <= 0 ? "s:" + alice + ":" + bob : "s:" + bob + ":" + alice;
            assertThat(atBob.getString("conversationId")).isEqualTo(expectedConversation);

            JsonObject copy = a2.awaitMessage("/user/queue/messages");
            assertThat(copy.getString("id")).isEqualTo(atBob.getString("id"));

            a1.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(500));
        }
    }

    @Test
    void resending_the_same_message_id_is_stored_and_delivered_once() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("s1", "/user/queue/messages");
            Frame first = a.chat(bob, "SINGLE", "once", "dup-1");
            Frame second = a.chat(bob, "SINGLE", "once", "dup-1");
            assertThat(second.header("im-message-id")).isEqualTo(first.header("im-message-id"));
            assertThat(second.header("im-seq")).isEqualTo(first.header("im-seq"));
            b.awaitMessage("/user/queue/messages");
            b.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(700));
            Frame third = a.chat(bob, "SINGLE", "next", "dup-2");
            assertThat(third.header("im-seq")).isEqualTo("2");
        }
    }
}
