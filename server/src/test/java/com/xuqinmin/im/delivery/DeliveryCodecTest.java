package com.xuqinmin.im.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryCodecTest {

    @Test
    void everyDeliveryRoundTrips() {
        List<Delivery> all = List.of(
                new Delivery.MessageEvent("ak", "g:g1", true, "a", "g1", 42, false, "{\"content\":\"hi \\\"you\\\"\"}",
                        "sess1", 1234),
                new Delivery.MessageEvent("ak", "s:a:b", false, "a", "b", 7, true, "{}", null, 5),
                new Delivery.Notice("ak", List.of("a", "b"), "{\"type\":\"READ\"}", null),
                new Delivery.Kick("ak", "u", "kicked by the app"),
                new Delivery.LeftGroup("ak", "g1", "u"),
                new Delivery.GroupDismissed("ak", "g1"),
                new Delivery.AppChanged("ak", true),
                new Delivery.UserChanged("ak", "u"));
        for (Delivery d : all) {
            DeliveryCodec.Envelope e = DeliveryCodec.decode(DeliveryCodec.encode("node1", 99, d));
            assertThat(e.delivery()).isEqualTo(d);
            assertThat(e.node()).isEqualTo("node1");
            assertThat(e.publishedAt()).isEqualTo(99);
        }
    }

    @Test
    void somethingElseIsRefused() {
        assertThatThrownBy(() -> DeliveryCodec.decode("{\"type\":\"x\",\"appKey\":\"a\",\"node\":\"n\",\"at\":1}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeliveryCodec.decode("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
