package com.xuqinmin.im.portability;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.it.Admin;
import com.xuqinmin.im.it.ImClient;
import com.xuqinmin.im.it.ItEnv;
import com.xuqinmin.im.it.StompClient;
import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The WAR deployed unchanged on Payara Micro (Jakarta EE 10, not Liberty): it starts, creates its
 * schema and the demo app, accepts userSigs over STOMP, delivers a message between two users, and
 * MicroProfile JWT protects the IM client API. The clients are the Liberty ITs' own; {@link OnPayara}
 * starts the server.
 */
class PayaraSmokeIT {

    @Test
    void the_demo_app_exists_and_the_signed_server_api_answers() {
        Admin.Reply user = Admin.get("/api/im/admin/users/demo_bob");
        assertThat(user.status()).as(user.body().toString()).isEqualTo(200);
        assertThat(user.data().getString("userId")).isEqualTo("demo_bob");
    }

    @Test
    void the_demo_users_exchange_a_message_over_stomp() {
        try (StompClient alice = StompClient.connect(ItEnv.userSig("demo_alice"));
             StompClient bob = StompClient.connect(ItEnv.userSig("demo_bob"))) {
            bob.subscribe("s1", "/user/queue/messages");

            Frame receipt = alice.chat("demo_bob", "SINGLE", "Hello from Payara", ItEnv.uid("p"));
            assertThat(receipt.header("im-message-id")).hasSize(26);
            assertThat(receipt.header("im-seq")).matches("[1-9][0-9]*");

            JsonObject atBob = bob.awaitMessage("/user/queue/messages");
            assertThat(atBob.getString("id")).isEqualTo(receipt.header("im-message-id"));
            assertThat(atBob.getString("fromId")).isEqualTo("demo_alice");
            assertThat(atBob.getString("content")).isEqualTo("Hello from Payara");
        }
    }

    @Test
    void microprofile_jwt_guards_the_im_client_api() {
        Admin.Reply conversations = ImClient.login("demo_alice").get("/api/im/conversations");
        assertThat(conversations.status()).as(conversations.body().toString()).isEqualTo(200);

        Admin.Reply anonymous = ImClient.call("GET", "/api/im/conversations", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body().getString("error")).isEqualTo("UNAUTHORIZED");
    }
}
