package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Group read receipts (API.md §4, PROTOCOL.md READ_COUNT): who of a group read a message, the
 * sender's {@code readCount} in history, in chat.sync and in the server API's history, the live
 * READ_COUNT updates (at most one a second per message), and the per-group switch.
 */
class GroupReadReceiptsIT {

    private static final String QUEUE = "/user/queue/messages";

    private static boolean isReadCount(Frame f) {
        return f.command() == Command.MESSAGE && QUEUE.equals(f.header("destination"))
                && "READ_COUNT".equals(StompClient.json(f).getString("type", ""));
    }

    private static boolean isRead(Frame f) {
        return f.command() == Command.MESSAGE && QUEUE.equals(f.header("destination"))
                && "READ".equals(StompClient.json(f).getString("type", ""));
    }

    /** The READ_COUNT frame's counts by seq. */
    private static Map<Long, Long> counts(Frame f) {
        Map<Long, Long> out = new TreeMap<>();
        for (JsonValue v : StompClient.json(f).getJsonArray("counts")) {
            JsonObject c = v.asJsonObject();
            out.put(c.getJsonNumber("seq").longValue(), c.getJsonNumber("readCount").longValue());
        }
        return out;
    }

    private static List<String> users(Admin.Reply r) {
        List<String> out = new ArrayList<>();
        for (JsonValue v : r.data().getJsonArray("items")) {
            out.add(v.asJsonObject().getString("userId"));
        }
        return out;
    }

    private static JsonObject inHistory(ImClient who, String group, long seq) {
        for (JsonValue v : who.get("/api/im/messages/history?conversationId=g:" + group).data().getJsonArray("messages")) {
            if (v.asJsonObject().getJsonNumber("seq").longValue() == seq) {
                return v.asJsonObject();
            }
        }
        throw new AssertionError("no message " + seq + " in the history of g:" + group);
    }

    /** The server API's history of a group: its messages by seq. */
    private static Map<Long, JsonObject> tenantHistory(String group) {
        Admin.Reply r = Admin.get("/api/im/admin/messages?conversationId=g:" + group);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        Map<Long, JsonObject> out = new TreeMap<>();
        for (JsonValue v : r.data().getJsonArray("messages")) {
            out.put(v.asJsonObject().getJsonNumber("seq").longValue(), v.asJsonObject());
        }
        return out;
    }

    /** What a fresh device of {@code user} gets from one chat.sync: the group's messages by seq. */
    private static Map<Long, JsonObject> synced(String user, String group) {
        Map<Long, JsonObject> out = new TreeMap<>();
        try (StompClient d = StompClient.connect(ItEnv.userSig(user), ItEnv.uid("dev"))) {
            d.subscribe("q", QUEUE);
            d.sync(null, "s-1");
            for (Frame f : d.messagesUntilReceipt(QUEUE, "s-1", StompClient.WAIT)) {
                JsonObject m = f.command() == Command.MESSAGE ? StompClient.json(f) : null;
                if (m != null && ("g:" + group).equals(m.getString("conversationId", ""))) {
                    out.put(m.getJsonNumber("seq").longValue(), m);
                }
            }
        }
        return out;
    }

    @Test
    void the_sender_sees_who_read_in_the_list_in_history_and_live() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        String dave = ItEnv.uid("dave");
        String erin = ItEnv.uid("erin");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob, carol, dave, erin);
        Admin.createGroup(group, alice, bob, carol, dave);
        String cid = "g:" + group;
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob));
             StompClient c = StompClient.connect(ItEnv.userSig(carol))) {
            a.subscribe("q", QUEUE);
            a.chat(group, "GROUP", "first", "a-1");  // 1
            a.chat(group, "GROUP", "second", "a-2"); // 2
            Admin.addMembers(group, erin); // joined after both: never counted as not having read them

            b.read(cid, 2, "rd-b");
            c.read(cid, 1, "rd-c");
            b.awaitReceipt("rd-b");
            c.awaitReceipt("rd-c");
            c.read(cid, 2, "rd-c2");
            c.awaitReceipt("rd-c2");

            // the live counts reach 2 readers for both messages
            Frame last = a.await(f -> isReadCount(f) && counts(f).getOrDefault(2L, 0L) == 2);
            assertThat(StompClient.json(last).getString("conversationId")).isEqualTo(cid);
            assertThat(StompClient.json(last).getString("groupId")).isEqualTo(group);

            ImClient asBob = ImClient.login(bob);
            Admin.Reply read = asBob.get("/api/im/groups/" + group + "/messages/2/reads");
            assertThat(read.status()).as(read.body().toString()).isEqualTo(200);
            assertThat(read.data().getJsonNumber("readCount").longValue()).isEqualTo(2);
            assertThat(read.data().getJsonNumber("unreadCount").longValue()).isEqualTo(1);
            assertThat(read.data().getString("fromId")).isEqualTo(alice);
            assertThat(users(read)).containsExactly(bob, carol);
            Admin.Reply unread = asBob.get("/api/im/groups/" + group + "/messages/2/reads?status=unread");
            assertThat(users(unread)).containsExactly(dave);
            Admin.Reply secondPage = asBob.get("/api/im/groups/" + group + "/messages/2/reads?size=1&page=1");
            assertThat(users(secondPage)).containsExactly(carol);
            assertThat(secondPage.data().getJsonNumber("total").longValue()).isEqualTo(2);

            ImClient asAlice = ImClient.login(alice);
            assertThat(inHistory(asAlice, group, 2).getJsonNumber("readCount").longValue()).isEqualTo(2);
            assertThat(inHistory(asAlice, group, 1).getJsonNumber("readCount").longValue()).isEqualTo(2);
            // a reader's history carries no one else's counts
            assertThat(inHistory(asBob, group, 2).containsKey("readCount")).isFalse();

            // the tenant's back-end asks the same
            Admin.Reply tenant = Admin.get("/api/im/admin/groups/" + group + "/messages/1/reads?status=unread");
            assertThat(tenant.status()).as(tenant.body().toString()).isEqualTo(200);
            assertThat(users(tenant)).containsExactly(dave);

            // a message of bob's that no one read yet
            b.chat(group, "GROUP", "third", "b-1"); // 3
            // chat.sync carries the counts on the syncing user's own messages only
            Map<Long, JsonObject> alicesDevice = synced(alice, group);
            assertThat(alicesDevice.keySet()).containsExactly(1L, 2L, 3L);
            assertThat(alicesDevice.get(1L).getJsonNumber("readCount").longValue()).isEqualTo(2);
            assertThat(alicesDevice.get(2L).getJsonNumber("readCount").longValue()).isEqualTo(2);
            assertThat(alicesDevice.get(3L).containsKey("readCount")).isFalse();
            Map<Long, JsonObject> bobsDevice = synced(bob, group);
            assertThat(bobsDevice.get(2L).containsKey("readCount")).isFalse();
            assertThat(bobsDevice.get(3L).getJsonNumber("readCount").longValue()).isZero();
            // the server API's history: every message with its own sender's count
            Map<Long, JsonObject> tenantView = tenantHistory(group);
            assertThat(tenantView.get(1L).getJsonNumber("readCount").longValue()).isEqualTo(2);
            assertThat(tenantView.get(2L).getJsonNumber("readCount").longValue()).isEqualTo(2);
            assertThat(tenantView.get(3L).getJsonNumber("readCount").longValue()).isZero();
        }
    }

    @Test
    void readers_one_after_another_give_the_sender_at_most_one_update_a_second_per_message() {
        String alice = ItEnv.uid("alice");
        String group = ItEnv.uid("g");
        List<String> readers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            readers.add(ItEnv.uid("r" + i));
        }
        List<String> everyone = new ArrayList<>(readers);
        everyone.add(alice);
        Admin.importUsers(everyone.toArray(String[]::new));
        Admin.createGroup(group, alice, readers.toArray(String[]::new));
        String cid = "g:" + group;
        List<StompClient> clients = new ArrayList<>();
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            for (String r : readers) {
                clients.add(StompClient.connect(ItEnv.userSig(r)));
            }
            a.subscribe("q", QUEUE);
            a.chat(group, "GROUP", "hello all", "a-1"); // 1

            // one reader after the other, each read answered before the next: without the batching,
            // every read would bring its own update
            long start = System.nanoTime();
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).read(cid, 1, "rd-" + i);
                clients.get(i).awaitReceipt("rd-" + i);
            }
            List<Frame> updates = new ArrayList<>();
            Frame f;
            do {
                f = a.await(GroupReadReceiptsIT::isReadCount);
                updates.add(f);
            } while (counts(f).get(1L) != readers.size());
            double seconds = (System.nanoTime() - start) / 1e9;
            a.expectNone(GroupReadReceiptsIT::isReadCount, Duration.ofMillis(2500));
            // every reader made its own READ notice; the counts came batched
            assertThat(a.collect(GroupReadReceiptsIT::isRead, readers.size(), StompClient.WAIT)).hasSize(readers.size());

            // the updates were sent a second apart at least: in a window of s seconds, at most floor(s) + 1
            assertThat(updates.size()).as("%d READ_COUNT updates in %.2f s", updates.size(), seconds)
                    .isLessThanOrEqualTo((int) Math.floor(seconds) + 1);
            // the counts only grow
            long previous = 0;
            for (Frame u : updates) {
                assertThat(counts(u).get(1L)).isGreaterThanOrEqualTo(previous);
                previous = counts(u).get(1L);
            }
        } finally {
            clients.forEach(StompClient::close);
        }
    }

    @Test
    void a_non_member_is_refused_and_bad_requests_get_clear_errors() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String mallory = ItEnv.uid("mallory");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob, mallory);
        Admin.createGroup(group, alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.chat(group, "GROUP", "secret", "a-1");
        }
        Admin.Reply outsider = ImClient.login(mallory).get("/api/im/groups/" + group + "/messages/1/reads");
        assertThat(outsider.status()).isEqualTo(403);
        assertThat(outsider.body().getString("error")).isEqualTo("NOT_GROUP_MEMBER");

        ImClient asBob = ImClient.login(bob);
        Admin.Reply missing = asBob.get("/api/im/groups/" + group + "/messages/99/reads");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().getString("error")).isEqualTo("MESSAGE_NOT_FOUND");
        Admin.Reply badStatus = asBob.get("/api/im/groups/" + group + "/messages/1/reads?status=maybe");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.body().getString("error")).isEqualTo("VALIDATION_FAILED");
        Admin.Reply badSeq = asBob.get("/api/im/groups/" + group + "/messages/x/reads");
        assertThat(badSeq.status()).isEqualTo(400);
        assertThat(badSeq.body().getString("error")).isEqualTo("VALIDATION_FAILED");
        Admin.Reply noGroup = asBob.get("/api/im/groups/" + ItEnv.uid("nope") + "/messages/1/reads");
        assertThat(noGroup.status()).isEqualTo(404);
        assertThat(noGroup.body().getString("error")).isEqualTo("GROUP_NOT_FOUND");
    }

    @Test
    void switched_off_the_list_is_refused_and_no_counts_are_sent_until_switched_on() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob, carol);
        Admin.createGroup(group, alice, bob, carol);
        String cid = "g:" + group;
        ImClient asAlice = ImClient.login(alice);
        ImClient asBob = ImClient.login(bob);
        assertThat(asAlice.get("/api/im/groups/" + group).data().getBoolean("readReceipts")).isTrue();

        Admin.Reply notModerator = asBob.put("/api/im/groups/" + group + "/read-receipts", "{\"readReceipts\":false}");
        assertThat(notModerator.status()).isEqualTo(403);
        assertThat(notModerator.body().getString("error")).isEqualTo("FORBIDDEN");
        Admin.Reply noValue = asAlice.put("/api/im/groups/" + group + "/read-receipts", "{}");
        assertThat(noValue.status()).isEqualTo(400);
        Admin.Reply off = asAlice.put("/api/im/groups/" + group + "/read-receipts", "{\"readReceipts\":false}");
        assertThat(off.status()).as(off.body().toString()).isEqualTo(200);
        assertThat(off.data().getBoolean("readReceipts")).isFalse();

        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            a.subscribe("q", QUEUE);
            a.chat(group, "GROUP", "quiet", "a-1"); // 1
            b.read(cid, 1, "rd-1");
            b.awaitReceipt("rd-1");
            a.await(GroupReadReceiptsIT::isRead); // the READ notice itself still comes
            a.expectNone(GroupReadReceiptsIT::isReadCount, Duration.ofMillis(2500));

            Admin.Reply refused = asBob.get("/api/im/groups/" + group + "/messages/1/reads");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body().getString("error")).isEqualTo("READ_RECEIPTS_OFF");
            assertThat(Admin.get("/api/im/admin/groups/" + group + "/messages/1/reads").body().getString("error"))
                    .isEqualTo("READ_RECEIPTS_OFF");
            assertThat(inHistory(asAlice, group, 1).containsKey("readCount")).isFalse();
            assertThat(synced(alice, group).get(1L).containsKey("readCount")).isFalse();
            assertThat(tenantHistory(group).get(1L).containsKey("readCount")).isFalse();

            // the tenant's back-end switches them on again
            Admin.Reply on = Admin.put("/api/im/admin/groups/" + group + "/read-receipts", "{\"readReceipts\":true}");
            assertThat(on.status()).as(on.body().toString()).isEqualTo(200);
            assertThat(on.data().getBoolean("readReceipts")).isTrue();
            assertThat(inHistory(asAlice, group, 1).getJsonNumber("readCount").longValue()).isEqualTo(1);
            try (StompClient c = StompClient.connect(ItEnv.userSig(carol))) {
                c.read(cid, 1, "rd-2");
                c.awaitReceipt("rd-2");
                Frame update = a.await(GroupReadReceiptsIT::isReadCount);
                assertThat(counts(update)).containsEntry(1L, 2L);
            }
        }
    }
}
