package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.xuqinmin.im.sdk.AddFriendPolicy;
import com.xuqinmin.im.sdk.BatchResult;
import com.xuqinmin.im.sdk.BlockedUser;
import com.xuqinmin.im.sdk.Friend;
import com.xuqinmin.im.sdk.FriendImport;
import com.xuqinmin.im.sdk.MessagingPolicy;
import com.xuqinmin.im.sdk.NewFriend;
import com.xuqinmin.im.sdk.Page;
import com.xuqinmin.im.sdk.SocialPolicy;
import com.xuqinmin.im.sdk.BatchSend;
import com.xuqinmin.im.sdk.ChatType;
import com.xuqinmin.im.sdk.Group;
import com.xuqinmin.im.sdk.GroupMember;
import com.xuqinmin.im.sdk.GroupRole;
import com.xuqinmin.im.sdk.ImException;
import com.xuqinmin.im.sdk.ImNetworkException;
import com.xuqinmin.im.sdk.ImServerClient;
import com.xuqinmin.im.sdk.ImToken;
import com.xuqinmin.im.sdk.ImportResult;
import com.xuqinmin.im.sdk.IssuedUserSig;
import com.xuqinmin.im.sdk.MemberPage;
import com.xuqinmin.im.sdk.MessageReads;
import com.xuqinmin.im.sdk.MessageSearch;
import com.xuqinmin.im.sdk.Message;
import com.xuqinmin.im.sdk.MessageStatus;
import com.xuqinmin.im.sdk.Messages;
import com.xuqinmin.im.sdk.MsgType;
import com.xuqinmin.im.sdk.NewGroup;
import com.xuqinmin.im.sdk.NewUser;
import com.xuqinmin.im.sdk.MessageCounts;
import com.xuqinmin.im.sdk.OnlineStatus;
import com.xuqinmin.im.sdk.OnlineUsers;
import com.xuqinmin.im.sdk.PurgeResult;
import com.xuqinmin.im.sdk.SendMessage;
import com.xuqinmin.im.sdk.User;
import com.xuqinmin.im.sdk.UserSig;
import com.xuqinmin.im.sdk.UserStatus;
import com.xuqinmin.im.sdk.UserUpdate;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The Java server SDK (sdk/) against the started server: every method of the SDK once, and the
 * refusals a back-end meets most (wrong secret, unknown user, non-member, duplicate), each as the one
 * {@link ImException} with code, error and requestId.
 */
class SdkIT {

    private static final ImServerClient IM = client(ItEnv.secret());

    private static ImServerClient client(String secret) {
        return ImServerClient.builder().baseUrl("http://localhost:" + ItEnv.port()).appKey(ItEnv.APP_KEY)
                .appSecret(secret).requestTimeout(Duration.ofSeconds(60)).build();
    }

    private static ImException refusal(Runnable call) {
        ImException e = catchThrowableOfType(ImException.class, call::run);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.isNetworkFailure()).isFalse();
        assertThat(e.requestId()).isNotBlank();
        assertThat(e.getMessage()).isNotBlank();
        return e;
    }

    private static String[] users(int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = ItEnv.uid("sdk");
        }
        IM.users().importUsers(java.util.Arrays.stream(ids).map(NewUser::of).collect(Collectors.toList()));
        return ids;
    }

    // ------------------------------------------------------------------ userSig and login

    @Test
    void a_usersig_made_by_the_sdk_logs_in_and_connects() {
        String alice = users(1)[0];
        String sig = IM.userSig(alice);
        UserSig.Claims c = IM.verifyUserSig(sig);
        assertThat(c.userId()).isEqualTo(alice);
        assertThat(c.appKey()).isEqualTo(ItEnv.APP_KEY);
        assertThat(c.expiresAt() - c.issuedAt()).isEqualTo(86_400);

        ImToken t = IM.login(alice);
        assertThat(t.userId()).isEqualTo(alice);
        assertThat(t.appKey()).isEqualTo(ItEnv.APP_KEY);
        assertThat(t.expiresAt()).isGreaterThan(System.currentTimeMillis());
        assertThat(t.toString()).doesNotContain(t.token());

        ImToken t2 = IM.loginWithUserSig(alice, IM.userSig(alice, Duration.ofMinutes(5)));
        assertThat(t2.userId()).isEqualTo(alice);
        // the userSig itself opens a WebSocket too
        try (StompClient s = StompClient.connect(sig)) {
            assertThat(s.isClosed()).isFalse();
        }
    }

    @Test
    void a_usersig_from_the_server_verifies_locally_and_logs_in() {
        String bob = users(1)[0];
        IssuedUserSig issued = IM.users().issueUserSig(bob, Duration.ofMinutes(10));
        assertThat(issued.expiresAt()).isBetween(System.currentTimeMillis() + 590_000, System.currentTimeMillis() + 610_000);
        assertThat(IM.verifyUserSig(issued.userSig()).userId()).isEqualTo(bob);
        assertThat(IM.loginWithUserSig(bob, issued.userSig()).userId()).isEqualTo(bob);
    }

    @Test
    void a_usersig_made_with_another_secret_does_not_log_in() {
        String carol = users(1)[0];
        ImServerClient wrong = client("not-the-secret-not-the-secret-not-the-secret");
        ImException e = refusal(() -> IM.loginWithUserSig(carol, wrong.userSig(carol)));
        assertThat(e.code()).isEqualTo(401);
        assertThatThrownBy(() -> IM.verifyUserSig(wrong.userSig(carol))).isInstanceOf(ImException.class)
                .extracting("error").isEqualTo("TOKEN_INVALID");
    }

    // ------------------------------------------------------------------ users

    @Test
    void users_are_imported_read_updated_muted_and_deleted() {
        String a = ItEnv.uid("sdk");
        String b = ItEnv.uid("sdk");
        ImportResult r = IM.users().importUsers(NewUser.of(a).withNickname("Ann").withAvatarUrl("https://x/a.png"),
                NewUser.of(b).withAdmin(true));
        assertThat(r.imported()).containsExactlyInAnyOrder(a, b);
        assertThat(IM.users().importUser(NewUser.of(a))).isFalse();
        assertThat(IM.users().importUsers(NewUser.of(a)).existing()).containsExactly(a);

        User ann = IM.users().get(a);
        assertThat(ann.nickname()).isEqualTo("Ann");
        assertThat(ann.avatarUrl()).isEqualTo("https://x/a.png");
        assertThat(ann.admin()).isFalse();
        assertThat(ann.status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(ann.mutedUntil()).isNull();
        assertThat(IM.users().get(b).admin()).isTrue();

        User changed = IM.users().update(a, UserUpdate.builder().nickname("Annie").admin(true).build());
        assertThat(changed.nickname()).isEqualTo("Annie");
        assertThat(changed.admin()).isTrue();
        assertThat(changed.avatarUrl()).isEqualTo("https://x/a.png");

        assertThat(IM.users().update(a, UserUpdate.builder().status(UserStatus.BANNED).build()).status())
                .isEqualTo(UserStatus.BANNED);
        assertThat(refusal(() -> IM.login(a)).code()).isIn(401, 403, 404);
        assertThat(IM.users().update(a, UserUpdate.builder().status(UserStatus.ACTIVE).build()).status())
                .isEqualTo(UserStatus.ACTIVE);

        User muted = IM.users().mute(a, Duration.ofMinutes(10));
        assertThat(muted.mutedUntil()).isGreaterThan(System.currentTimeMillis() + 590_000);
        Instant until = Instant.now().plus(Duration.ofHours(1));
        assertThat(IM.users().muteUntil(a, until).mutedUntil()).isEqualTo(until.toEpochMilli());
        assertThat(IM.users().unmute(a).mutedUntil()).isNull();

        IM.users().delete(b);
        ImException gone = refusal(() -> IM.users().get(b));
        assertThat(gone.code()).isEqualTo(404);
        assertThat(gone.error()).isEqualTo("USER_NOT_FOUND");
        assertThat(IM.users().importUser(NewUser.of(b))).isTrue();
    }

    @Test
    void a_users_bio_and_extra_are_read_and_changed_and_its_friends_are_told() {
        String a = ItEnv.uid("sdk");
        String friend = ItEnv.uid("sdk");
        IM.users().importUsers(NewUser.of(a), NewUser.of(friend));
        IM.friends().importFriends(a, NewFriend.of(friend));
        assertThat(IM.users().get(a).bio()).isNull();

        User changed = IM.users().update(a, UserUpdate.builder().bio("On call").extra("{\"team\":\"ops\"}").build());
        assertThat(changed.bio()).isEqualTo("On call");
        assertThat(changed.extra()).isEqualTo("{\"team\":\"ops\"}");
        assertThat(IM.users().get(a).extra()).isEqualTo("{\"team\":\"ops\"}");
        // the friend sees it in its friend list, private field included, and got a notice
        assertThat(IM.friends().list(friend, 0, 10).items().get(0).profile().extra()).isEqualTo("{\"team\":\"ops\"}");
        Admin.Reply notices = ImClient.login(friend).get("/api/im/notices?afterSeq=0");
        assertThat(notices.data().getJsonArray("notices").getValuesAs(jakarta.json.JsonObject.class))
                .extracting(n -> n.getString("type")).containsExactly("FRIEND_ADDED", "PROFILE_CHANGED");

        assertThat(IM.users().update(a, UserUpdate.builder().bio("").build()).bio()).isNull();
        ImException tooLong = refusal(() -> IM.users().update(a, UserUpdate.builder().bio("x".repeat(513)).build()));
        assertThat(tooLong.error()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void a_purge_erases_what_the_user_sent_and_names_the_groups_it_still_owns() {
        String[] u = users(3);
        String gone = u[0];
        String group = IM.groups().create(NewGroup.builder().name("Gone's").owner(gone).members(u[1]).build()).groupId();
        String other = IM.groups().create(NewGroup.builder().name("Other").owner(u[1]).members(gone).build()).groupId();
        IM.messages().send(SendMessage.builder().from(gone).toUser(u[2]).content("private").build());
        IM.messages().send(SendMessage.builder().from(u[2]).toUser(gone).content("reply").build());
        IM.messages().send(SendMessage.builder().from(gone).toGroup(other).content("to the group").build());

        PurgeResult p = IM.users().purge(gone);
        assertThat(p.erasedMessages()).isEqualTo(2);
        assertThat(p.ownedGroups()).containsExactly(group);
        List<Message> history = IM.messages().historyPage(Messages.singleConversation(gone, u[2]), null, 10).messages();
        assertThat(history).extracting(Message::status).containsExactly(MessageStatus.SENT, MessageStatus.DELETED);
        assertThat(history).extracting(Message::content).containsExactly("reply", "");
        assertThat(IM.groups().allMembers(other)).extracting(GroupMember::userId).containsExactly(u[1]);
        assertThat(refusal(() -> IM.users().get(gone)).error()).isEqualTo("USER_NOT_FOUND");

        assertThat(IM.users().purge(gone).erasedMessages()).as("again: nothing left").isZero();
    }

    @Test
    void online_status_and_kick() {
        String dave = users(1)[0];
        assertThat(IM.users().online(dave).online()).isFalse();
        try (StompClient s = StompClient.connect(IM.userSig(dave), "laptop")) {
            OnlineStatus o = IM.users().online(dave);
            assertThat(o.userId()).isEqualTo(dave);
            assertThat(o.online()).isTrue();
            assertThat(o.sessions()).extracting(OnlineStatus.Session::deviceId).containsExactly("laptop");

            IM.users().kick(dave);
            await().atMost(Duration.ofSeconds(10)).until(s::isClosed);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !IM.users().online(dave).online());
    }

    @Test
    void the_apps_users_are_listed_a_page_at_a_time_and_found_by_prefix() {
        String prefix = ItEnv.uid("lst") + "_";
        IM.users().importUsers(NewUser.of(prefix + "c"), NewUser.of(prefix + "a"), NewUser.of(prefix + "b"));
        Page<User> first = IM.users().list(prefix, 0, 2);
        assertThat(first.total()).isEqualTo(3);
        assertThat(first.items()).extracting(User::userId).containsExactly(prefix + "a", prefix + "b");
        assertThat(IM.users().list(prefix, 1, 2).items()).extracting(User::userId).containsExactly(prefix + "c");
        IM.users().delete(prefix + "b");
        assertThat(IM.users().list(prefix, 0, 10).items()).extracting(User::userId)
                .as("a deleted user is not listed").containsExactly(prefix + "a", prefix + "c");
        // the prefix is text, not a pattern: % and _ match only themselves
        assertThat(IM.users().list("%", 0, 10).total()).isZero();
        assertThat(IM.users().list(prefix.replace('_', '%'), 0, 10).total()).isZero();
        assertThat(IM.users().list(null, 0, 100).total()).as("every user of the app").isGreaterThanOrEqualTo(2);
        ImException e = refusal(() -> IM.users().list(prefix, 0, 101));
        assertThat(e.error()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void the_apps_online_users_show_their_sessions_and_leave_when_kicked() {
        String[] u = users(2);
        try (StompClient a = StompClient.connect(IM.userSig(u[0]), "laptop");
                StompClient b = StompClient.connect(IM.userSig(u[1]), "phone")) {
            OnlineUsers online = IM.users().onlineUsers(1000);
            assertThat(online.scope()).as("one server: its own sessions").isEqualTo("node");
            assertThat(online.users()).extracting(OnlineUsers.OnlineUser::userId).contains(u[0], u[1]).isSorted();
            OnlineUsers.OnlineUser first = online.users().stream().filter(x -> x.userId().equals(u[0])).findFirst().orElseThrow();
            assertThat(first.sessions()).extracting(OnlineStatus.Session::deviceId).containsExactly("laptop");
            assertThat(first.sessions()).extracting(OnlineStatus.Session::transport).containsExactly("websocket");
            assertThat(IM.users().online(u[1]).sessions()).extracting(OnlineStatus.Session::transport)
                    .containsExactly("websocket");

            IM.users().kick(u[0]);
            await().atMost(Duration.ofSeconds(10)).until(a::isClosed);
            await().atMost(Duration.ofSeconds(10)).until(() -> IM.users().onlineUsers(1000).users().stream()
                    .noneMatch(x -> x.userId().equals(u[0])));
            assertThat(IM.users().onlineUsers(1000).users()).extracting(OnlineUsers.OnlineUser::userId).contains(u[1]);
        }
        assertThat(refusal(() -> IM.users().onlineUsers(0)).error()).isEqualTo("VALIDATION_FAILED");
        assertThat(refusal(() -> IM.users().onlineUsers(1001)).error()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void the_apps_message_counts_go_up_with_each_message() {
        String[] u = users(2);
        MessageCounts before = IM.messages().counts();
        assertThat(before.days()).hasSize(7);
        Message last = null;
        for (int i = 0; i < 3; i++) {
            last = IM.messages().send(SendMessage.builder().from(u[0]).toUser(u[1]).content("count me " + i).build());
        }
        MessageCounts after = IM.messages().counts();
        assertThat(after.total() - before.total()).as("others may send meanwhile, never fewer").isGreaterThanOrEqualTo(3);
        java.time.LocalDate sentOn = java.time.LocalDate.ofInstant(Instant.ofEpochMilli(last.createdAt()), java.time.ZoneOffset.UTC);
        assertThat(after.days()).hasSize(7);
        assertThat(after.days().get(6).day()).as("today (UTC) last").isAfterOrEqualTo(sentOn);
        MessageCounts.Day that = after.days().stream().filter(d -> d.day().equals(sentOn)).findFirst().orElseThrow();
        assertThat(that.count()).isGreaterThanOrEqualTo(3);
        assertThat(after.days().stream().mapToLong(MessageCounts.Day::count).sum()).isLessThanOrEqualTo(after.total());
        for (int i = 1; i < 7; i++) {
            assertThat(after.days().get(i).day()).isEqualTo(after.days().get(i - 1).day().plusDays(1));
        }
    }

    @Test
    void an_unknown_user_is_refused_with_user_not_found() {
        String nobody = ItEnv.uid("nobody");
        for (Runnable call : List.<Runnable>of(() -> IM.users().get(nobody), () -> IM.users().kick(nobody),
                () -> IM.users().online(nobody), () -> IM.users().mute(nobody, Duration.ofSeconds(5)),
                () -> IM.users().delete(nobody), () -> IM.users().purge(nobody), () -> IM.users().update(nobody, UserUpdate.builder().nickname("x").build()))) {
            ImException e = refusal(call);
            assertThat(e.code()).isEqualTo(404);
            assertThat(e.error()).isEqualTo("USER_NOT_FOUND");
        }
    }

    // ------------------------------------------------------------------ messages

    @Test
    void messages_are_sent_delivered_revoked_and_read_back() {
        String[] u = users(2);
        String alice = u[0];
        String bob = u[1];
        try (StompClient b = StompClient.connect(IM.userSig(bob))) {
            b.subscribe("s1", "/user/queue/messages");
            Message m = IM.messages().send(SendMessage.builder().from(alice).toUser(bob).content("Hello from the SDK")
                    .messageId("sdk-1").build());
            assertThat(m.id()).hasSize(26);
            assertThat(m.messageId()).isEqualTo("sdk-1");
            assertThat(m.chatType()).isEqualTo(ChatType.SINGLE);
            assertThat(m.msgType()).isEqualTo(MsgType.TEXT);
            assertThat(m.status()).isEqualTo(MessageStatus.SENT);
            assertThat(m.seq()).isEqualTo(1);
            assertThat(m.conversationId()).isEqualTo(Messages.singleConversation(alice, bob));

            JsonObject atBob = b.awaitMessage("/user/queue/messages");
            assertThat(atBob.getString("id")).isEqualTo(m.id());
            assertThat(atBob.getString("content")).isEqualTo("Hello from the SDK");

            // the same messageId again answers the stored message: a retried send stores nothing twice
            Message again = IM.messages().send(SendMessage.builder().from(alice).toUser(bob).content("Hello from the SDK")
                    .messageId("sdk-1").build());
            assertThat(again.id()).isEqualTo(m.id());

            Message fromSystem = IM.messages().send(SendMessage.builder().fromSystem().toUser(bob)
                    .msgType(MsgType.CUSTOM).content("{\"notice\":1}").build());
            assertThat(fromSystem.fromId()).isEqualTo(SendMessage.SYSTEM);
            assertThat(fromSystem.msgType()).isEqualTo(MsgType.CUSTOM);

            Message revoked = IM.messages().revoke(m.id());
            assertThat(revoked.status()).isEqualTo(MessageStatus.REVOKED);
            assertThat(revoked.content()).isEmpty();
            assertThat(revoked.revokedAt()).isNotNull();
        }
        List<Message> history = StreamSupport.stream(IM.messages()
                .history(Messages.singleConversation(alice, bob)).spliterator(), false).collect(Collectors.toList());
        assertThat(history).hasSize(1);
        assertThat(history.get(0).status()).isEqualTo(MessageStatus.REVOKED);
    }

    @Test
    void a_message_is_edited_any_time_the_edit_reaches_the_recipient_and_history_shows_it() {
        String[] u = users(2);
        String alice = u[0];
        String bob = u[1];
        Message m;
        try (StompClient b = StompClient.connect(IM.userSig(bob))) {
            b.subscribe("s1", "/user/queue/messages");
            m = IM.messages().send(SendMessage.builder().from(alice).toUser(bob).content("teh plan")
                    .messageId("sdk-e1").build());
            b.awaitMessage("/user/queue/messages");

            Message edited = IM.messages().edit(m.id(), "the plan", "sdk-edit-1");
            assertThat(edited.id()).isEqualTo(m.id());
            assertThat(edited.seq()).isEqualTo(m.seq());
            assertThat(edited.content()).isEqualTo("the plan");
            assertThat(edited.editCount()).isEqualTo(1);
            assertThat(edited.editedAt()).isNotNull();
            JsonObject notice = b.awaitMessage("/user/queue/messages", o -> "EDITED".equals(o.getString("type", "")));
            assertThat(notice.getString("id")).isEqualTo(m.id());
            assertThat(notice.getString("content")).isEqualTo("the plan");

            // the same editId again: the same answer, no second version
            assertThat(IM.messages().edit(m.id(), "the plan", "sdk-edit-1").editCount()).isEqualTo(1);
            assertThat(m.editCount()).isZero();
            assertThat(m.editedAt()).isNull();
        }
        Message inHistory = IM.messages().history(Messages.singleConversation(alice, bob)).iterator().next();
        assertThat(inHistory.content()).isEqualTo("the plan");
        assertThat(inHistory.editCount()).isEqualTo(1);

        Long before = IM.appSettings().editWindowSeconds();
        try {
            assertThat(IM.appSettings().updateEditWindowSeconds(0)).isZero();
            assertThat(IM.appSettings().editWindowSeconds()).isZero();
            // the window binds users, not the server API
            assertThat(IM.messages().edit(m.id(), "server edit", null).editCount()).isEqualTo(2);
        } finally {
            IM.appSettings().updateEditWindowSeconds(before == null ? 86_400 : before);
        }
    }

    @Test
    void history_pages_and_iterates_past_one_page() {
        String[] u = users(2);
        for (int i = 1; i <= 105; i++) {
            IM.messages().send(SendMessage.builder().from(u[0]).toUser(u[1]).content("m" + i).messageId("h-" + i).build());
        }
        String conversation = Messages.singleConversation(u[0], u[1]);
        var first = IM.messages().historyPage(conversation, null, 10);
        assertThat(first.messages()).hasSize(10);
        assertThat(first.hasMore()).isTrue();
        assertThat(first.messages().get(0).seq()).isEqualTo(105);
        var older = IM.messages().historyPage(conversation, 96L, 10);
        assertThat(older.messages().get(0).seq()).isEqualTo(95);

        List<Long> seqs = new ArrayList<>();
        for (Message m : IM.messages().history(conversation)) {
            seqs.add(m.seq());
        }
        assertThat(seqs).hasSize(105);
        assertThat(seqs.get(0)).isEqualTo(105);
        assertThat(seqs.get(104)).isEqualTo(1);
    }

    @Test
    void the_apps_messages_are_searched_by_word_sender_and_conversation_a_page_at_a_time() {
        String[] u = users(3);
        String word = ItEnv.uid("parcel").replace("_", "");
        for (int i = 1; i <= 3; i++) {
            IM.messages().send(SendMessage.builder().from(u[0]).toUser(u[1]).content(word + " " + i + " 包裹到了")
                    .messageId("sr-" + i).build());
        }
        Message revoked = IM.messages().send(SendMessage.builder().from(u[2]).toUser(u[1]).content(word + " revoked")
                .messageId("sr-4").build());
        IM.messages().revoke(revoked.id());
        IM.messages().send(SendMessage.builder().from(u[2]).toUser(u[1]).content(word + " from the third")
                .messageId("sr-5").build());

        var first = IM.messages().searchPage(MessageSearch.of(word + " 包裹"), null, 2);
        assertThat(first.messages()).extracting(Message::content).containsExactly(word + " 3 包裹到了", word + " 2 包裹到了");
        assertThat(first.hasMore()).isTrue();
        var second = IM.messages().searchPage(MessageSearch.of(word + " 包裹"), first.nextCursor(), 2);
        assertThat(second.messages()).extracting(Message::content).containsExactly(word + " 1 包裹到了");
        assertThat(second.hasMore()).isFalse();
        List<String> all = new ArrayList<>();
        IM.messages().search(MessageSearch.of(word)).forEach(m -> all.add(m.content()));
        assertThat(all).as("newest first, the revoked one never").containsExactly(word + " from the third",
                word + " 3 包裹到了", word + " 2 包裹到了", word + " 1 包裹到了");
        assertThat(IM.messages().searchPage(MessageSearch.of(word).withUserId(u[2]), null, 10).messages())
                .extracting(Message::content).containsExactly(word + " from the third");
        assertThat(IM.messages().searchPage(MessageSearch.of(word)
                .withConversationId(Messages.singleConversation(u[0], u[1])).between(0L, 1L), null, 10).messages())
                .isEmpty();
        assertThat(refusal(() -> IM.messages().searchPage(MessageSearch.of("x".repeat(101)), null, 10)).error())
                .isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void a_batch_send_answers_each_receiver_on_its_own() {
        String[] u = users(2);
        String nobody = ItEnv.uid("nobody");
        List<BatchResult> results = IM.messages().batchSend(BatchSend.builder().fromSystem().to(u[0], u[1], nobody)
                .content("Maintenance at 22:00").messageId(ItEnv.uid("notice")).build());
        assertThat(results).extracting(BatchResult::toId).containsExactly(u[0], u[1], nobody);
        assertThat(results.get(0).ok()).isTrue();
        assertThat(results.get(0).sent().fromId()).isEqualTo("system");
        assertThat(results.get(1).sent().toId()).isEqualTo(u[1]);
        assertThat(results.get(2).ok()).isFalse();
        assertThat(results.get(2).code()).isEqualTo(404);
        assertThat(results.get(2).error()).isEqualTo("USER_NOT_FOUND");
        assertThat(results.get(2).sent()).isNull();
    }

    @Test
    void sends_that_break_the_rules_are_refused() {
        String[] u = users(3);
        String group = IM.groups().create(NewGroup.builder().name("Closed").owner(u[0]).members(u[1]).build()).groupId();

        ImException notMember = refusal(() -> IM.messages().send(SendMessage.builder().from(u[2]).toGroup(group)
                .content("let me in").build()));
        assertThat(notMember.code()).isEqualTo(403);
        assertThat(notMember.error()).isEqualTo("NOT_GROUP_MEMBER");

        ImException unknown = refusal(() -> IM.messages().send(SendMessage.builder().from(u[0])
                .toUser(ItEnv.uid("nobody")).content("hi").build()));
        assertThat(unknown.error()).isEqualTo("USER_NOT_FOUND");

        IM.users().mute(u[1], Duration.ofMinutes(5));
        assertThat(refusal(() -> IM.messages().send(SendMessage.builder().from(u[1]).toGroup(group).content("x").build()))
                .error()).isEqualTo("USER_MUTED");

        assertThat(refusal(() -> IM.messages().revoke("01ARZ3NDEKTSV4RRFFQ69G5FAV")).error()).isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(refusal(() -> IM.messages().historyPage("nonsense", null, 10)).error()).isEqualTo("VALIDATION_FAILED");
    }

    // ------------------------------------------------------------------ groups

    @Test
    void a_group_is_created_managed_and_dismissed() {
        String[] u = users(4);
        String owner = u[0];
        String groupId = ItEnv.uid("team");
        Group g = IM.groups().create(NewGroup.builder().groupId(groupId).name("Team").owner(owner).members(u[1]).build());
        assertThat(g.groupId()).isEqualTo(groupId);
        assertThat(g.ownerId()).isEqualTo(owner);
        assertThat(g.memberCount()).isEqualTo(2);
        assertThat(g.mutedAll()).isFalse();

        ImException dup = refusal(() -> IM.groups().create(NewGroup.builder().groupId(groupId).name("Again").owner(owner)
                .build()));
        assertThat(dup.code()).isEqualTo(409);
        assertThat(dup.error()).isEqualTo("DUPLICATE");

        assertThat(IM.groups().get(groupId).name()).isEqualTo("Team");
        assertThat(IM.groups().rename(groupId, "Team 2").name()).isEqualTo("Team 2");
        assertThat(IM.groups().addMembers(groupId, u[1], u[2], u[3])).containsExactlyInAnyOrder(u[2], u[3]);

        MemberPage page = IM.groups().members(groupId, 0, 2);
        assertThat(page.total()).isEqualTo(4);
        assertThat(page.items()).hasSize(2);
        assertThat(page.items().get(0).role()).isEqualTo(GroupRole.OWNER);
        List<String> all = new ArrayList<>();
        IM.groups().allMembers(groupId).forEach(m -> all.add(m.userId()));
        assertThat(all).containsExactlyInAnyOrder(u);

        GroupMember admin = IM.groups().setRole(groupId, u[1], GroupRole.ADMIN);
        assertThat(admin.role()).isEqualTo(GroupRole.ADMIN);
        assertThat(IM.groups().setRole(groupId, u[1], GroupRole.MEMBER).role()).isEqualTo(GroupRole.MEMBER);
        assertThat(refusal(() -> IM.groups().setRole(groupId, owner, GroupRole.ADMIN)).error()).isEqualTo("CONFLICT");

        assertThat(IM.groups().muteMember(groupId, u[2], Duration.ofMinutes(5)).mutedUntil()).isNotNull();
        assertThat(refusal(() -> IM.messages().send(SendMessage.builder().from(u[2]).toGroup(groupId).content("x").build()))
                .error()).isEqualTo("USER_MUTED");
        Instant until = Instant.now().plusSeconds(3600);
        assertThat(IM.groups().muteMemberUntil(groupId, u[2], until).mutedUntil()).isEqualTo(until.toEpochMilli());
        assertThat(IM.groups().unmuteMember(groupId, u[2]).mutedUntil()).isNull();

        assertThat(IM.groups().muteAll(groupId, true).mutedAll()).isTrue();
        assertThat(refusal(() -> IM.messages().send(SendMessage.builder().from(u[3]).toGroup(groupId).content("x").build()))
                .error()).isEqualTo("USER_MUTED");
        assertThat(IM.groups().muteAll(groupId, false).mutedAll()).isFalse();
        Message inGroup = IM.messages().send(SendMessage.builder().from(u[3]).toGroup(groupId).content("hi all").build());
        assertThat(inGroup.chatType()).isEqualTo(ChatType.GROUP);
        assertThat(inGroup.conversationId()).isEqualTo(Messages.groupConversation(groupId));

        // group read receipts: on by default; no one has read the message yet, its sender is not counted
        assertThat(IM.groups().get(groupId).readReceipts()).isTrue();
        MessageReads unread = IM.groups().reads(groupId, inGroup.seq(), false, 0, 20);
        assertThat(unread.fromId()).isEqualTo(u[3]);
        assertThat(unread.readCount()).isZero();
        assertThat(unread.items()).extracting(MessageReads.Reader::userId).containsExactlyInAnyOrder(u[0], u[1], u[2]);
        assertThat(IM.groups().reads(groupId, inGroup.seq(), true, 0, 20).items()).isEmpty();
        assertThat(ImClient.login(u[0]).post("/api/im/messages/read", "{\"conversationId\":\""
                + inGroup.conversationId() + "\",\"seq\":" + inGroup.seq() + "}").status()).isEqualTo(200);
        assertThat(IM.messages().historyPage(inGroup.conversationId(), null, 1).messages().get(0).readCount())
                .as("the history carries each message's readCount").isEqualTo(1L);
        assertThat(IM.groups().setReadReceipts(groupId, false).readReceipts()).isFalse();
        assertThat(refusal(() -> IM.groups().reads(groupId, inGroup.seq(), true, 0, 20)).error())
                .isEqualTo("READ_RECEIPTS_OFF");
        assertThat(IM.messages().historyPage(inGroup.conversationId(), null, 1).messages().get(0).readCount()).isNull();
        assertThat(IM.groups().setReadReceipts(groupId, true).readReceipts()).isTrue();

        Group transferred = IM.groups().transfer(groupId, u[1]);
        assertThat(transferred.ownerId()).isEqualTo(u[1]);

        IM.groups().removeMember(groupId, u[3]);
        assertThat(refusal(() -> IM.groups().removeMember(groupId, u[3])).code()).isEqualTo(404);
        assertThat(refusal(() -> IM.groups().removeMember(groupId, u[1])).error()).isEqualTo("CONFLICT");

        IM.groups().dismiss(groupId);
        ImException gone = refusal(() -> IM.groups().get(groupId));
        assertThat(gone.code()).isEqualTo(404);
        assertThat(gone.error()).isEqualTo("GROUP_NOT_FOUND");
        // its history stays readable
        assertThat(IM.messages().history(Messages.groupConversation(groupId)).iterator().next().content())
                .isEqualTo("hi all");
    }

    @Test
    void a_group_without_an_id_gets_one_and_unknown_members_are_refused() {
        String[] u = users(1);
        Group g = IM.groups().create(NewGroup.builder().name("Auto").owner(u[0]).build());
        assertThat(g.groupId()).startsWith("g");
        ImException e = refusal(() -> IM.groups().addMembers(g.groupId(), ItEnv.uid("nobody")));
        assertThat(e.error()).isEqualTo("USER_NOT_FOUND");
        assertThat(refusal(() -> IM.groups().get(ItEnv.uid("nogroup"))).error()).isEqualTo("GROUP_NOT_FOUND");
    }

    // ------------------------------------------------------------------ credentials and the network

    @Test
    void a_wrong_secret_or_an_unknown_app_is_refused_as_invalid_signature() {
        ImException wrong = refusal(() -> client("not-the-secret-not-the-secret-not-the-secret").users().get("demo_alice"));
        assertThat(wrong.code()).isEqualTo(401);
        assertThat(wrong.error()).isEqualTo("INVALID_SIGNATURE");

        ImServerClient unknownApp = ImServerClient.builder().baseUrl("http://localhost:" + ItEnv.port())
                .appKey("ak_nosuchapp0000000").appSecret(ItEnv.secret()).build();
        assertThat(refusal(() -> unknownApp.users().get("demo_alice")).error()).isEqualTo("INVALID_SIGNATURE");
    }

    @Test
    void a_clock_five_minutes_off_is_refused_as_timestamp_expired() {
        ImServerClient late = ImServerClient.builder().baseUrl("http://localhost:" + ItEnv.port()).appKey(ItEnv.APP_KEY)
                .appSecret(ItEnv.secret())
                .clock(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(-6))).build();
        ImException e = refusal(() -> late.users().get("demo_alice"));
        assertThat(e.code()).isEqualTo(401);
        assertThat(e.error()).isEqualTo("TIMESTAMP_EXPIRED");
    }

    @Test
    void a_server_that_cannot_be_reached_is_a_network_failure_not_a_refusal() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ImServerClient nowhere = ImServerClient.builder().baseUrl("http://localhost:" + closedPort)
                .appKey(ItEnv.APP_KEY).appSecret(ItEnv.secret()).maxRetries(1).retryBackoff(Duration.ofMillis(10)).build();
        ImException e = catchThrowableOfType(ImException.class, () -> nowhere.users().get("demo_alice"));
        assertThat(e).isInstanceOf(ImNetworkException.class);
        assertThat(e.isNetworkFailure()).isTrue();
        assertThat(e.code()).isZero();
        assertThat(e.error()).isEqualTo("NETWORK_ERROR");
        assertThat(e.requestId()).isNull();
    }

    // ------------------------------------------------------------------ friends, blocks, the app's policy

    @Test
    void friends_are_imported_listed_and_deleted_on_both_sides() {
        String[] u = users(3);
        FriendImport imported = IM.friends().importFriends(u[0], NewFriend.of(u[1]).withRemark("Bee"), NewFriend.of(u[2]));
        assertThat(imported.added()).containsExactly(u[1], u[2]);
        assertThat(IM.friends().importFriends(u[0], NewFriend.of(u[1])).existing()).containsExactly(u[1]);

        Page<Friend> page = IM.friends().list(u[0], 0, 1);
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.items()).hasSize(1);
        List<Friend> all = StreamSupport.stream(IM.friends().all(u[0]).spliterator(), false).collect(Collectors.toList());
        assertThat(all).extracting(Friend::userId).containsExactlyInAnyOrder(u[1], u[2]);
        Friend bee = all.stream().filter(f -> f.userId().equals(u[1])).findFirst().orElseThrow();
        assertThat(bee.remark()).isEqualTo("Bee");
        assertThat(bee.profile().userId()).isEqualTo(u[1]);
        assertThat(IM.friends().list(u[1], 0, 10).items()).extracting(Friend::userId).containsExactly(u[0]);

        IM.friends().delete(u[1], u[0]);
        assertThat(IM.friends().list(u[0], 0, 10).items()).extracting(Friend::userId).containsExactly(u[2]);
        assertThat(refusal(() -> IM.friends().delete(u[1], u[0])).error()).isEqualTo("NOT_FOUND");
        ImException unknown = refusal(() -> IM.friends().importFriends(u[0], NewFriend.of(ItEnv.uid("nobody"))));
        assertThat(unknown.code()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("USER_NOT_FOUND");
    }

    @Test
    void a_block_refuses_the_blocked_users_single_chats_until_it_is_lifted() {
        String[] u = users(2);
        assertThat(IM.blocks().block(u[0], u[1])).containsExactly(u[1]);
        assertThat(IM.blocks().list(u[0], 0, 10).items()).extracting(BlockedUser::userId).containsExactly(u[1]);
        ImClient blocked = ImClient.login(u[1]);
        Admin.Reply refused = blocked.post("/api/im/messages/send", ImClient.text(u[0], "hi", "sdk-b-1"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().getString("error")).isEqualTo("BLOCKED");
        // the back-end's own send is not held
        assertThat(IM.messages().send(SendMessage.builder().from(u[1]).toUser(u[0]).content("via the back-end").build())
                .content()).isEqualTo("via the back-end");

        IM.blocks().unblock(u[0], u[1]);
        assertThat(IM.blocks().list(u[0], 0, 10).total()).isZero();
        assertThat(blocked.post("/api/im/messages/send", ImClient.text(u[0], "hi", "sdk-b-2")).status()).isEqualTo(200);
        assertThat(refusal(() -> IM.blocks().unblock(u[0], u[1])).error()).isEqualTo("NOT_FOUND");
    }

    @Test
    void the_apps_social_policy_is_read_and_changed() {
        Console.App app = Console.newApp(Console.newTenant());
        ImServerClient im = ImServerClient.builder().baseUrl("http://localhost:" + ItEnv.port()).appKey(app.appKey())
                .appSecret(app.secret()).build();
        SocialPolicy before = im.appSettings().socialPolicy();
        assertThat(before.addFriend()).isEqualTo(AddFriendPolicy.APPROVAL);
        assertThat(before.messaging()).isEqualTo(MessagingPolicy.ANYONE);
        SocialPolicy after = im.appSettings().updateSocialPolicy(null, MessagingPolicy.FRIENDS_ONLY);
        assertThat(after.addFriend()).isEqualTo(AddFriendPolicy.APPROVAL);
        assertThat(after.messaging()).isEqualTo(MessagingPolicy.FRIENDS_ONLY);
        assertThat(im.appSettings().updateSocialPolicy(AddFriendPolicy.ANYONE, null).addFriend())
                .isEqualTo(AddFriendPolicy.ANYONE);
        assertThat(im.appSettings().socialPolicy().messaging()).isEqualTo(MessagingPolicy.FRIENDS_ONLY);
    }

    @Test
    void the_apps_device_policy_is_read_and_changed() {
        Console.App app = Console.newApp(Console.newTenant());
        ImServerClient im = ImServerClient.builder().baseUrl("http://localhost:" + ItEnv.port()).appKey(app.appKey())
                .appSecret(app.secret()).build();
        assertThat(im.appSettings().devicePolicy()).isEqualTo(com.xuqinmin.im.sdk.DevicePolicy.MULTI);
        assertThat(im.appSettings().updateDevicePolicy(com.xuqinmin.im.sdk.DevicePolicy.ONE_PER_PLATFORM))
                .isEqualTo(com.xuqinmin.im.sdk.DevicePolicy.ONE_PER_PLATFORM);
        assertThat(im.appSettings().devicePolicy()).isEqualTo(com.xuqinmin.im.sdk.DevicePolicy.ONE_PER_PLATFORM);
        // the social policy is untouched by it
        assertThat(im.appSettings().socialPolicy().messaging()).isEqualTo(MessagingPolicy.ANYONE);
    }
}
