package com.xuqinmin.im.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.error.ImException;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class OutboundUrlsTest {

    private static final OutboundUrls.Policy STRICT = new OutboundUrls.Policy(false, false);
    private static final OutboundUrls.Policy TESTS = new OutboundUrls.Policy(true, false);

    @Test
    void https_to_a_public_address_passes() {
        assertThat(OutboundUrls.check("url", "https://93.184.216.34/im", STRICT)).hasHost("93.184.216.34");
        assertThat(OutboundUrls.refused(URI.create("https://8.8.8.8/x"), STRICT)).isNull();
    }

    @Test
    void loopback_private_link_local_and_metadata_addresses_are_refused() {
        for (String url : new String[] {"https://127.0.0.1/x", "https://localhost/x", "https://10.1.2.3/x",
                "https://172.20.0.1/x", "https://192.168.1.1/x", "https://169.254.169.254/latest/meta-data",
                "https://[::1]/x", "https://[fd00::1]/x", "https://[fe80::1]/x", "https://0.0.0.0/x",
                "https://100.64.0.1/x", "https://[::ffff:10.0.0.1]/x"}) {
            assertThatThrownBy(() -> OutboundUrls.check("url", url, STRICT)).as(url).isInstanceOf(ImException.class)
                    .hasMessageContaining("url is refused: the host");
        }
    }

    @Test
    void the_test_setting_allows_loopback_and_http_to_it_only() {
        assertThat(OutboundUrls.check("url", "http://127.0.0.1:8080/x", TESTS)).hasPort(8080);
        assertThat(OutboundUrls.check("url", "https://127.0.0.1:8443/x", TESTS)).hasPort(8443);
        assertThatThrownBy(() -> OutboundUrls.check("url", "https://10.0.0.1/x", TESTS))
                .hasMessage("url is refused: the host 10.0.0.1 resolves to a private address");
        assertThatThrownBy(() -> OutboundUrls.check("url", "http://10.0.0.1/x", TESTS))
                .hasMessage("url must be https (http only to a loopback address)");
        assertThatThrownBy(() -> OutboundUrls.check("url", "http://127.0.0.1/x", STRICT)).hasMessage("url must be https");
        assertThat(OutboundUrls.check("url", "https://10.0.0.1/x", new OutboundUrls.Policy(false, true))).isNotNull();
    }

    @Test
    void address_kinds() throws Exception {
        assertThat(OutboundUrls.kind(InetAddress.getByName("169.254.169.254"))).isEqualTo("link-local");
        assertThat(OutboundUrls.kind(InetAddress.getByName("172.15.0.1"))).isNull();
        assertThat(OutboundUrls.kind(InetAddress.getByName("172.32.0.1"))).isNull();
        assertThat(OutboundUrls.kind(InetAddress.getByName("224.0.0.1"))).isEqualTo("multicast");
        assertThat(OutboundUrls.kind(InetAddress.getByName("2001:4860:4860::8888"))).isNull();
    }
}
