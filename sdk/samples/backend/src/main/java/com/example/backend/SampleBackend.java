package com.example.backend;

import com.xuqinmin.im.sdk.Group;
import com.xuqinmin.im.sdk.ImException;
import com.xuqinmin.im.sdk.ImServerClient;
import com.xuqinmin.im.sdk.ImToken;
import com.xuqinmin.im.sdk.ImportResult;
import com.xuqinmin.im.sdk.Message;
import com.xuqinmin.im.sdk.NewGroup;
import com.xuqinmin.im.sdk.NewUser;
import com.xuqinmin.im.sdk.SendMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * What a back-end does with the SDK: import its users, hand a userSig to an app that logs in, send a
 * message, create a group. Configured by the environment: IM_BASE_URL, IM_APP_KEY, and IM_APP_SECRET
 * (or IM_APP_SECRET_FILE, a file holding it).
 */
public final class SampleBackend {

    public static void main(String[] args) throws IOException {
        ImServerClient im = ImServerClient.builder()
                .baseUrl(setting("IM_BASE_URL", "http://localhost:9080"))
                .appKey(setting("IM_APP_KEY", "ak_demo_chat"))
                .appSecret(secret())
                .build();

        String run = UUID.randomUUID().toString().substring(0, 8);
        String alice = "sample_alice_" + run;
        String bob = "sample_bob_" + run;

        ImportResult imported = im.users().importUsers(NewUser.of(alice).withNickname("Alice"), NewUser.of(bob));
        System.out.println("imported " + imported.imported());

        // what the back-end's own login endpoint hands to the app, which connects with it
        String userSig = im.userSig(alice);
        ImToken session = im.loginWithUserSig(alice, userSig);
        System.out.println("logged in " + session.userId() + " until " + session.expiresAt());

        Message hello = im.messages().send(SendMessage.builder().from(alice).toUser(bob).content("Hello Bob")
                .messageId("welcome-" + run).build());
        System.out.println("sent " + hello.id() + " in " + hello.conversationId());

        Group team = im.groups().create(NewGroup.builder().name("Sample team").owner(alice).members(bob).build());
        System.out.println("created group " + team.groupId() + " with " + team.memberCount() + " members");

        try {
            im.users().get("sample_nobody_" + run);
            throw new IllegalStateException("an unknown user was found");
        } catch (ImException e) {
            System.out.println("refused as expected: " + e.code() + " " + e.error() + " (requestId " + e.requestId() + ")");
        }
        System.out.println("SAMPLE OK");
    }

    private static String secret() throws IOException {
        String file = setting("IM_APP_SECRET_FILE", null);
        if (file != null) {
            return Files.readString(Path.of(file)).trim();
        }
        String secret = setting("IM_APP_SECRET", null);
        if (secret == null) {
            throw new IllegalStateException("set IM_APP_SECRET or IM_APP_SECRET_FILE");
        }
        return secret;
    }

    private static String setting(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? dflt : v;
    }
}
