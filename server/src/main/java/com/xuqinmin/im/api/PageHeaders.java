package com.xuqinmin.im.api;

import com.xuqinmin.im.auth.DemoUsers;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The browser pages the WAR serves (the demo chat at {@code /}, the tenant console at {@code /console/},
 * the operations console at {@code /ops/}), their scripts, what they share ({@code /assets/}) and the
 * WebJars: a strict Content-Security-Policy (scripts, styles and connections only from this origin, no
 * inline code, no framing), no referrer, no sniffing.
 * With the demo closed ({@code IM_DEMO=false}, or not the embedded mode), {@code /} leads to the console
 * and the demo's own files are not served.
 */
// "/*" and a test of the path, because Liberty serves "/" (the welcome file) without running a filter
// mapped to "" or "/index.html"; everything else passes straight through
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class PageHeaders extends HttpFilter {

    /**
     * {@code connect-src 'self'} also allows the WebSocket to this origin (CSP Level 3 matches ws:/wss:
     * for http:/https:); the pages use nothing else.
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Inject
    DemoUsers demo;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if (!page(path)) {
            chain.doFilter(req, res);
            return;
        }
        if (!demo.isOpen()) {
            if (path.isEmpty() || path.equals("/") || path.equals("/index.html")) {
                res.sendRedirect(req.getContextPath() + "/console/");
                return;
            }
            if (path.startsWith("/demo/")) {
                res.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
        }
        res.setHeader("Content-Security-Policy", CSP);
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Referrer-Policy", "no-referrer");
        res.setHeader("X-Frame-Options", "DENY");
        if (!path.startsWith("/webjars/")) {
            // pages and their scripts change with each release; the WebJar's path carries its version
            res.setHeader("Cache-Control", "no-cache");
        }
        chain.doFilter(req, res);
    }

    static boolean page(String path) {
        return path.isEmpty() || path.equals("/") || path.equals("/index.html") || path.startsWith("/demo/")
                || path.startsWith("/console") || path.startsWith("/ops/") || path.equals("/ops")
                || path.startsWith("/assets/") || path.startsWith("/webjars/");
    }
}
