package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The client ids a batch send gives each receiver's message: stable, distinct, within the 64-character limit. */
class BatchClientIdTest {

    @Test
    void the_same_batch_and_receiver_give_the_same_id_so_a_retry_is_stored_once() {
        assertThat(SendService.batchClientId("notice-7", "u1")).isEqualTo(SendService.batchClientId("notice-7", "u1"));
    }

    @Test
    void receivers_and_batches_get_different_ids() {
        assertThat(SendService.batchClientId("notice-7", "u1")).isNotEqualTo(SendService.batchClientId("notice-7", "u2"));
        assertThat(SendService.batchClientId("notice-7", "u1")).isNotEqualTo(SendService.batchClientId("notice-8", "u1"));
        // no ambiguity from where one part ends and the other begins
        assertThat(SendService.batchClientId("a", "bc")).isNotEqualTo(SendService.batchClientId("ab", "c"));
    }

    @Test
    void ids_fit_the_client_id_column_whatever_the_input() {
        String id = SendService.batchClientId("m".repeat(64), "u".repeat(64));
        assertThat(id).hasSize(32).startsWith("b-").matches("[a-z0-9-]+");
    }
}
