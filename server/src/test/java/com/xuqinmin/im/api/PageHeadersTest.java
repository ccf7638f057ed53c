package com.xuqinmin.im.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.auth.DemoUsers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the pages' filter does with the demo open and closed (IM_DEMO, or production mode). */
class PageHeadersTest {

    /** What the filter did to one request. */
    private static final class Outcome {
        final Map<String, String> headers = new HashMap<>();
        String redirect;
        Integer error;
        boolean passed;
    }

    private static Outcome run(boolean demoOpen, String path) throws Exception {
        PageHeaders f = new PageHeaders();
        f.demo = new DemoUsers();
        if (demoOpen) {
            f.demo.open();
        }
        Outcome o = new Outcome();
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(PageHeadersTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getRequestURI" -> path;
                    case "getContextPath" -> "";
                    default -> null;
                });
        HttpServletResponse res = (HttpServletResponse) Proxy.newProxyInstance(PageHeadersTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setHeader" -> o.headers.put((String) a[0], (String) a[1]);
                        case "sendRedirect" -> o.redirect = (String) a[0];
                        case "sendError" -> o.error = (Integer) a[0];
                        default -> { }
                    }
                    return null;
                });
        FilterChain chain = (rq, rs) -> o.passed = true;
        f.doFilter(req, res, chain);
        return o;
    }

    @Test
    void pages_get_a_strict_policy_and_the_api_passes_untouched() throws Exception {
        for (String page : new String[] {"/", "/index.html", "/demo/demo.js", "/console/", "/ops/ops.js",
                "/assets/pages.js", "/assets/pages.css", "/webjars/stomp__stompjs/7.2.1/bundles/stomp.umd.min.js",
                "/webjars/sockjs-client/1.6.1/dist/sockjs.min.js"}) {
            Outcome o = run(true, page);
            assertThat(o.passed).as(page).isTrue();
            assertThat(o.headers.get("Content-Security-Policy")).as(page).contains("default-src 'none'")
                    .doesNotContain("unsafe");
            assertThat(o.headers).as(page).containsEntry("X-Content-Type-Options", "nosniff");
        }
        for (String api : new String[] {"/api/im/conversations", "/ws/im", "/health/ready", "/metrics"}) {
            Outcome o = run(true, api);
            assertThat(o.passed).as(api).isTrue();
            assertThat(o.headers).as(api).isEmpty();
        }
    }

    @Test
    void with_the_demo_closed_the_root_leads_to_the_console_and_the_demo_is_not_served() throws Exception {
        Outcome root = run(false, "/");
        assertThat(root.passed).isFalse();
        assertThat(root.redirect).isEqualTo("/console/");
        Outcome script = run(false, "/demo/demo.js");
        assertThat(script.passed).isFalse();
        assertThat(script.error).isEqualTo(404);
        assertThat(run(false, "/console/").passed).isTrue();
    }
}
