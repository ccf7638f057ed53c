package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The signed server API over real HTTP (API.md §2, §3.3, §4), as a tenant's back-end sees it. The
 * requests are signed by {@link Admin}, written from the spec independently of the server's code.
 */
class AdminApiIT {

    private static final String USERS = "/api/im/admin/users";
    private static final String GROUPS = "/api/im/admin/groups";

    private static String oneUser(String userId) {
        return "{\"users\":[{\"userId\":\"" + userId + "\"}]}";
    }

    private static void assertFailure(Admin.Reply r, int code, String error) {
        assertThat(r.status()).as("HTTP status of %s", r.body()).isEqualTo(code);
        assertThat(r.body().getInt("code")).isEqualTo(code);
        assertThat(r.body().getString("status")).isEqualTo("1");
        assertThat(r.body().getString("message")).isNotBlank();
        if (error != null) {
            assertThat(r.body().getString("error")).isEqualTo(error);
        }
        assertNoInternals(r);
    }

    private static void assertNoInternals(Admin.Reply r) {
        String text = r.body().toString();
        assertThat(text).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("com.xuqinmin")
                .doesNotContain("SQL").doesNotContain(ItEnv.secret());
    }

    private static Admin.Reply signedWith(String method, String path, String json, String appKey, String secret) {
        return Admin.send(method, path, json, appKey, secret, System.currentTimeMillis(), Admin.nonce());
    }

    // ------------------------------------------------------------------ envelope and signature

    @Test
    void a_good_request_is_answered_200_with_the_envelope_and_a_request_id() {
        Admin.Reply r = Admin.post(USERS, oneUser(ItEnv.uid("u")));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().getInt("code")).isEqualTo(200);
        assertThat(r.body().getString("status")).isEqualTo("0");
        assertThat(r.body().getString("message")).isEqualTo("success");
        assertThat(r.body().get("data")).isInstanceOf(JsonObject.class);
        assertThat(r.body().getString("requestId")).isNotBlank();
        assertThat(r.requestIdHeader()).isEqualTo(r.body().getString("requestId"));
    }

    @Test
    void a_refusal_is_an_envelope_with_a_request_id_too() {
        Admin.Reply r = signedWith("POST", USERS, oneUser(ItEnv.uid("u")), ItEnv.APP_KEY, "not-the-secret");

        assertFailure(r, 401, "INVALID_SIGNATURE");
        assertThat(r.body().getString("requestId")).isNotBlank();
        assertThat(r.requestIdHeader()).isEqualTo(r.body().getString("requestId"));
    }

    @Test
    void a_wrong_signature_is_401_INVALID_SIGNATURE() {
        String json = oneUser(ItEnv.uid("u"));
        Admin.Reply r = Admin.sendRaw("POST", USERS, json.getBytes(StandardCharsets.UTF_8), ItEnv.APP_KEY,
                Long.toString(System.currentTimeMillis()), Admin.nonce(), "0".repeat(64));

        assertFailure(r, 401, "INVALID_SIGNATURE");
    }

    @Test
    void an_unknown_app_key_is_401_with_the_same_message_as_a_wrong_signature() {
        String json = oneUser(ItEnv.uid("u"));
        Admin.Reply wrongSignature = signedWith("POST", USERS, json, ItEnv.APP_KEY, "not-the-secret");
        Admin.Reply unknownApp = signedWith("POST", USERS, json, "ak_nosuchapp00000", "any-secret");

        assertFailure(unknownApp, 401, "INVALID_SIGNATURE");
        assertThat(unknownApp.body().getString("message")).isEqualTo(wrongSignature.body().getString("message"));
    }

    @Test
    void a_timestamp_301_seconds_old_is_401_TIMESTAMP_EXPIRED() {
        Admin.Reply r = Admin.send("POST", USERS, oneUser(ItEnv.uid("u")), ItEnv.APP_KEY, ItEnv.secret(),
                System.currentTimeMillis() - 301_000, Admin.nonce());

        assertFailure(r, 401, "TIMESTAMP_EXPIRED");
    }

    @Test
    void a_timestamp_301_seconds_ahead_is_401_TIMESTAMP_EXPIRED() {
        Admin.Reply r = Admin.send("POST", USERS, oneUser(ItEnv.uid("u")), ItEnv.APP_KEY, ItEnv.secret(),
                System.currentTimeMillis() + 301_000, Admin.nonce());

        assertFailure(r, 401, "TIMESTAMP_EXPIRED");
    }

    @Test
    void the_same_nonce_twice_is_refused_the_second_time_with_NONCE_REPLAYED() {
        String nonce = Admin.nonce();
        Admin.Reply first = Admin.send("POST", USERS, oneUser(ItEnv.uid("u")), ItEnv.APP_KEY, ItEnv.secret(),
                System.currentTimeMillis(), nonce);
        Admin.Reply second = Admin.send("POST", USERS, oneUser(ItEnv.uid("u")), ItEnv.APP_KEY, ItEnv.secret(),
                System.currentTimeMillis(), nonce);

        assertThat(first.status()).isEqualTo(200);
        assertFailure(second, 401, "NONCE_REPLAYED");
    }

    @Test
    void a_malformed_nonce_is_400() {
        for (String nonce : new String[] {"short", "has spaces in it here", "x".repeat(65), "bad/chars+in=nonce!"}) {
            Admin.Reply r = Admin.send("POST", USERS, oneUser(ItEnv.uid("u")), ItEnv.APP_KEY, ItEnv.secret(),
                    System.currentTimeMillis(), nonce);
            assertFailure(r, 400, null);
        }
    }

    @Test
    void a_request_missing_any_signature_header_is_401() {
        byte[] body = oneUser(ItEnv.uid("u")).getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(System.currentTimeMillis());
        assertFailure(Admin.sendRaw("POST", USERS, body, null, ts, Admin.nonce(), "ab".repeat(32)), 401, null);
        assertFailure(Admin.sendRaw("POST", USERS, body, ItEnv.APP_KEY, null, Admin.nonce(), "ab".repeat(32)), 401, null);
        assertFailure(Admin.sendRaw("POST", USERS, body, ItEnv.APP_KEY, ts, null, "ab".repeat(32)), 401, null);
        assertFailure(Admin.sendRaw("POST", USERS, body, ItEnv.APP_KEY, ts, Admin.nonce(), null), 401, null);
        assertFailure(Admin.sendRaw("POST", USERS, body, null, null, null, null), 401, null);
    }

    @Test
    void a_body_changed_after_signing_is_401_INVALID_SIGNATURE() {
        long ts = System.currentTimeMillis();
        String nonce = Admin.nonce();
        String signed = oneUser(ItEnv.uid("u"));
        String signature = Admin.sign(ItEnv.secret(), "POST", USERS, ts, nonce, signed.getBytes(StandardCharsets.UTF_8));
        String tampered = oneUser(ItEnv.uid("u"));

        Admin.Reply r = Admin.sendRaw("POST", USERS, tampered.getBytes(StandardCharsets.UTF_8), ItEnv.APP_KEY,
                Long.toString(ts), nonce, signature);

        assertFailure(r, 401, "INVALID_SIGNATURE");
    }

    @Test
    void a_query_string_signed_with_its_parameters_sorted_by_name_is_accepted() {
        String user = ItEnv.uid("u");
        Admin.importUsers(user);
        // sent in this order on the wire; Admin signs the parameters sorted by name
        Admin.Reply r = Admin.post(USERS + "/" + user + "/usersig?zeta=1&alpha=2&mid=x%20y", "{\"ttlSeconds\":600}");

        assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
        assertThat(r.data().getString("userSig")).isNotBlank();
    }

    // ------------------------------------------------------------------ users

    @Test
    void importing_users_answers_which_were_imported_and_which_existed() {
        String old = ItEnv.uid("u");
        String fresh1 = ItEnv.uid("u");
        String fresh2 = ItEnv.uid("u");
        Admin.importUsers(old);

        Admin.Reply r = Admin.post(USERS, "{\"users\":[{\"userId\":\"" + fresh1 + "\",\"nickname\":\"One\"},"
                + "{\"userId\":\"" + old + "\"},{\"userId\":\"" + fresh2 + "\",\"admin\":false}]}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.data().getJsonArray("imported").getValuesAs(jakarta.json.JsonString.class))
                .extracting(jakarta.json.JsonString::getString).containsExactly(fresh1, fresh2);
        assertThat(r.data().getJsonArray("existing").getValuesAs(jakarta.json.JsonString.class))
                .extracting(jakarta.json.JsonString::getString).containsExactly(old);
    }

    @Test
    void importing_an_invalid_user_id_is_400_VALIDATION_FAILED_naming_the_field() {
        Admin.Reply r = Admin.post(USERS, "{\"users\":[{\"userId\":\"not valid!\"}]}");

        assertFailure(r, 400, "VALIDATION_FAILED");
        assertThat(r.body().getString("message")).contains("users[0].userId");
    }

    @Test
    void a_minted_user_sig_connects_over_stomp_and_says_when_it_expires() {
        String user = ItEnv.uid("u");
        Admin.importUsers(user);
        long before = System.currentTimeMillis();

        Admin.Reply r = Admin.post(USERS + "/" + user + "/usersig", "{\"ttlSeconds\":600}");

        assertThat(r.status()).isEqualTo(200);
        long expiresAt = r.data().getJsonNumber("expiresAt").longValue();
        assertThat(expiresAt).isBetween(before + 598_000, System.currentTimeMillis() + 601_000);
        try (StompClient c = StompClient.open(null)) {
            c.sendText("CONNECT\naccept-version:1.2\nheart-beat:0,0\nhost:localhost\nAuthorization:Bearer "
                    + r.data().getString("userSig") + "\n\n\0");
            com.xuqinmin.im.stomp.Frame connected = c.next();
            assertThat(connected.command()).isEqualTo(com.xuqinmin.im.stomp.Command.CONNECTED);
            assertThat(connected.header("user-name")).isEqualTo(user);
        }
    }

    // ------------------------------------------------------------------ groups

    @Test
    void creating_a_group_with_members_answers_the_group() {
        String owner = ItEnv.uid("u");
        String m1 = ItEnv.uid("u");
        String m2 = ItEnv.uid("u");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, m1, m2);
        long before = System.currentTimeMillis();

        Admin.Reply r = Admin.post(GROUPS, "{\"groupId\":\"" + group + "\",\"name\":\"Team\",\"ownerId\":\"" + owner
                + "\",\"memberIds\":[\"" + owner + "\",\"" + m1 + "\",\"" + m2 + "\"]}");

        assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
        JsonObject g = r.data();
        assertThat(g.getString("groupId")).isEqualTo(group);
        assertThat(g.getString("name")).isEqualTo("Team");
        assertThat(g.getString("ownerId")).isEqualTo(owner);
        assertThat(g.getJsonNumber("memberCount").longValue()).isEqualTo(3);
        assertThat(g.getJsonNumber("createdAt").longValue()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
    }

    @Test
    void creating_a_group_without_an_id_makes_one() {
        String owner = ItEnv.uid("u");
        Admin.importUsers(owner);

        Admin.Reply r = Admin.post(GROUPS, "{\"name\":\"No id\",\"ownerId\":\"" + owner + "\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.data().getString("groupId")).matches("[A-Za-z0-9_.@-]{1,64}");
        assertThat(r.data().getJsonNumber("memberCount").longValue()).isEqualTo(1);
    }

    @Test
    void creating_the_same_group_again_is_409_DUPLICATE() {
        String owner = ItEnv.uid("u");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner);
        Admin.createGroup(group, owner);

        Admin.Reply r = Admin.post(GROUPS, "{\"groupId\":\"" + group + "\",\"name\":\"Again\",\"ownerId\":\"" + owner + "\"}");

        assertFailure(r, 409, "DUPLICATE");
    }

    @Test
    void a_group_with_an_unknown_member_is_404_USER_NOT_FOUND() {
        String owner = ItEnv.uid("u");
        Admin.importUsers(owner);

        Admin.Reply r = Admin.post(GROUPS, "{\"groupId\":\"" + ItEnv.uid("g") + "\",\"name\":\"T\",\"ownerId\":\"" + owner
                + "\",\"memberIds\":[\"" + ItEnv.uid("ghost") + "\"]}");

        assertFailure(r, 404, "USER_NOT_FOUND");
    }

    @Test
    void adding_members_answers_only_the_ones_that_are_new() {
        String owner = ItEnv.uid("u");
        String old = ItEnv.uid("u");
        String fresh = ItEnv.uid("u");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, old, fresh);
        Admin.createGroup(group, owner, old);

        Admin.Reply r = Admin.post(GROUPS + "/" + group + "/members",
                "{\"userIds\":[\"" + old + "\",\"" + fresh + "\",\"" + owner + "\"]}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.data().getJsonArray("added").getValuesAs(jakarta.json.JsonString.class))
                .extracting(jakarta.json.JsonString::getString).containsExactly(fresh);
    }

    @Test
    void removing_a_member_answers_an_empty_object() {
        String owner = ItEnv.uid("u");
        String member = ItEnv.uid("u");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, member);
        Admin.createGroup(group, owner, member);

        Admin.Reply r = Admin.delete(GROUPS + "/" + group + "/members/" + member);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().getString("status")).isEqualTo("0");
        assertThat(r.data()).isEmpty();
    }

    @Test
    void an_unknown_group_is_404_GROUP_NOT_FOUND() {
        String user = ItEnv.uid("u");
        Admin.importUsers(user);
        String group = ItEnv.uid("nogroup");

        assertFailure(Admin.post(GROUPS + "/" + group + "/members", "{\"userIds\":[\"" + user + "\"]}"), 404,
                "GROUP_NOT_FOUND");
        assertFailure(Admin.delete(GROUPS + "/" + group + "/members/" + user), 404, "GROUP_NOT_FOUND");
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void a_body_that_is_not_json_is_a_400_envelope() {
        Admin.Reply r = Admin.post(USERS, "{this is not json");

        assertFailure(r, 400, "VALIDATION_FAILED");
    }

    @Test
    void json_of_the_wrong_shape_is_a_400_envelope() {
        assertFailure(Admin.post(USERS, "{\"users\":\"everyone\"}"), 400, "VALIDATION_FAILED");
        assertFailure(Admin.post(USERS, "[1,2,3]"), 400, "VALIDATION_FAILED");
        assertFailure(Admin.post(GROUPS, "{\"groupId\":\"" + ItEnv.uid("g") + "\",\"name\":\"T\",\"ownerId\":42,"
                + "\"memberIds\":\"x\"}"), 400, "VALIDATION_FAILED");
    }

    @Test
    void an_unknown_admin_endpoint_is_a_404_envelope() {
        Admin.Reply r = Admin.post("/api/im/admin/no-such-thing", "{}");

        assertFailure(r, 404, null);
    }

    @Test
    void a_user_sig_can_be_minted_without_a_body() {
        String user = ItEnv.uid("u");
        Admin.importUsers(user);
        long before = System.currentTimeMillis();

        Admin.Reply r = Admin.post(USERS + "/" + user + "/usersig", null);

        assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
        assertThat(r.data().getString("userSig")).isNotBlank();
        assertThat(r.data().getJsonNumber("expiresAt").longValue()).isGreaterThan(before);
    }

    @Test
    void a_body_over_the_size_limit_is_a_413_envelope() {
        String big = "{\"users\":[{\"userId\":\"u\",\"nickname\":\"" + "x".repeat(1_100_000) + "\"}]}";

        assertFailure(Admin.post(USERS, big), 413, null);
    }

    @Test
    void a_user_sig_can_be_minted_with_no_body_and_no_content_type() {
        String user = ItEnv.uid("u");
        Admin.importUsers(user);
        String path = USERS + "/" + user + "/usersig";
        long ts = System.currentTimeMillis();
        String nonce = Admin.nonce();

        Admin.Reply r = Admin.sendRaw("POST", path, new byte[0], null, ItEnv.APP_KEY, Long.toString(ts), nonce,
                Admin.sign(ItEnv.secret(), "POST", path, ts, nonce, new byte[0]));

        assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
        assertThat(r.data().getString("userSig")).isNotBlank();
    }

    @Test
    void removing_a_member_needs_no_content_type() {
        String owner = ItEnv.uid("u");
        String member = ItEnv.uid("u");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, member);
        Admin.createGroup(group, owner, member);
        String path = GROUPS + "/" + group + "/members/" + member;
        long ts = System.currentTimeMillis();
        String nonce = Admin.nonce();

        Admin.Reply r = Admin.sendRaw("DELETE", path, new byte[0], null, ItEnv.APP_KEY, Long.toString(ts), nonce,
                Admin.sign(ItEnv.secret(), "DELETE", path, ts, nonce, new byte[0]));

        assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
    }

    @Test
    void a_body_that_is_not_declared_as_json_is_a_400_envelope() {
        String path = USERS;
        byte[] body = oneUser(ItEnv.uid("u")).getBytes(StandardCharsets.UTF_8);
        long ts = System.currentTimeMillis();
        String nonce = Admin.nonce();

        Admin.Reply r = Admin.sendRaw("POST", path, body, "text/plain", ItEnv.APP_KEY, Long.toString(ts), nonce,
                Admin.sign(ItEnv.secret(), "POST", path, ts, nonce, body));

        assertFailure(r, 400, "VALIDATION_FAILED");
    }

    // ------------------------------------------------------------------ the same call at the same time

    private static java.util.List<Admin.Reply> concurrently(int n, java.util.function.Supplier<Admin.Reply> call)
            throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<Admin.Reply>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.get();
                }));
            }
            start.countDown();
            java.util.List<Admin.Reply> out = new java.util.ArrayList<>();
            for (var f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void creating_the_same_group_at_the_same_time_succeeds_once_and_answers_the_others_409_DUPLICATE()
            throws Exception {
        for (int round = 0; round < 5; round++) {
            String owner = ItEnv.uid("u");
            String group = ItEnv.uid("g");
            Admin.importUsers(owner);
            String body = "{\"groupId\":\"" + group + "\",\"name\":\"Race\",\"ownerId\":\"" + owner + "\"}";

            java.util.List<Admin.Reply> replies = concurrently(4, () -> Admin.post(GROUPS, body));

            assertThat(replies).filteredOn(r -> r.status() == 200).hasSize(1);
            assertThat(replies).filteredOn(r -> r.status() != 200)
                    .allSatisfy(r -> assertFailure(r, 409, "DUPLICATE"));
        }
    }

    @Test
    void importing_the_same_user_at_the_same_time_never_fails() throws Exception {
        for (int round = 0; round < 5; round++) {
            String user = ItEnv.uid("u");

            java.util.List<Admin.Reply> replies = concurrently(4, () -> Admin.post(USERS, oneUser(user)));

            assertThat(replies).allSatisfy(r -> assertThat(r.status()).as("%s", r.body()).isEqualTo(200));
            assertThat(replies).filteredOn(r -> r.data().getJsonArray("imported").size() == 1).hasSize(1);
        }
    }

    @Test
    void adding_the_same_member_at_the_same_time_adds_it_once_and_never_fails() throws Exception {
        for (int round = 0; round < 5; round++) {
            String owner = ItEnv.uid("u");
            String member = ItEnv.uid("u");
            String group = ItEnv.uid("g");
            Admin.importUsers(owner, member);
            Admin.createGroup(group, owner);

            java.util.List<Admin.Reply> replies = concurrently(4,
                    () -> Admin.post(GROUPS + "/" + group + "/members", "{\"userIds\":[\"" + member + "\"]}"));

            assertThat(replies).allSatisfy(r -> assertThat(r.status()).as("%s", r.body()).isEqualTo(200));
            assertThat(replies).filteredOn(r -> r.data().getJsonArray("added").size() == 1).hasSize(1);
        }
    }
}
