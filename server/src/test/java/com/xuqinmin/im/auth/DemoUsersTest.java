package com.xuqinmin.im.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import org.junit.jupiter.api.Test;

/** The demo's userSig call is closed until start-up opens it (embedded mode, IM_DEMO not false). */
class DemoUsersTest {

    @Test
    void closed_by_default_and_then_404_for_everyone() {
        DemoUsers demo = new DemoUsers();
        assertThat(demo.isOpen()).isFalse();
        assertThatThrownBy(() -> demo.userSig("demo_alice", "127.0.0.1"))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("IM_DEMO");
    }
}
