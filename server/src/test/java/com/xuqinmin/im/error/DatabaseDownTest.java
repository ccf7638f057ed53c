package com.xuqinmin.im.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseDownTest {

    @Test
    void connectionAuthorizationAndShutdownStatesMeanTheDatabaseIsDown() {
        for (String state : new String[] {"08006", "08003", "28000", "57P01", "53300"}) {
            RuntimeException wrapped = new RuntimeException("query failed", new SQLException("x", state));
            assertThat(ImException.databaseDown(wrapped)).as(state).isTrue();
            assertThat(ImException.of(wrapped).error()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
        }
        assertThat(ImException.databaseDown(new SQLTransientConnectionException("pool timeout"))).isTrue();
        assertThat(ImException.databaseDown(new IllegalStateException("J2CA0045E: connection not available"))).isTrue();
    }

    @Test
    void aFailingStatementIsNot() {
        RuntimeException duplicate = new RuntimeException(new SQLException("unique violation", "23505"));
        assertThat(ImException.databaseDown(duplicate)).isFalse();
        assertThat(ImException.of(duplicate).error()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(ImException.of(new ImException(ErrorCode.DUPLICATE)).error()).isEqualTo(ErrorCode.DUPLICATE);
    }
}
