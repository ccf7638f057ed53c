package com.xuqinmin.im.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator's userSigs are accepted by the server's verifier and the SDK's alike. */
class UserSigsTest {

    private static final String APP = "ak_bench";
    private static final String SECRET = "bench-secret-bench-secret-bench-secret-01";

    @Test
    void a_minted_usersig_verifies_where_the_server_checks_it() {
        String token = new UserSigs(APP, SECRET).mint("u42");
        long now = System.currentTimeMillis() / 1000;
        assertEquals("u42", com.xuqinmin.im.auth.UserSig.verify(token, APP, List.of(SECRET), now, 60,
                180L * 24 * 3600).userId());
        assertEquals("u42", com.xuqinmin.im.sdk.UserSig.verify(token, APP, SECRET, now).userId());
    }
}
