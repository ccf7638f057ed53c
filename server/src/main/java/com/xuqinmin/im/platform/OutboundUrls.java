package com.xuqinmin.im.platform;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * The guard against server-side request forgery for the URLs a tenant gives us to call (its
 * webhook, its push endpoints): https only (plain http only to a loopback address, and only when the
 * operator allows it: {@code IM_WEBHOOK_ALLOW_HTTP_LOOPBACK}, for tests), and never a host that
 * resolves to this machine, a private network, a link-local address (the clouds' metadata service
 * at 169.254.169.254) or anything else that is not a public unicast address, unless the operator
 * allows it ({@code IM_WEBHOOK_ALLOW_HTTP_LOOPBACK} for loopback, {@code IM_WEBHOOK_ALLOW_PRIVATE}
 * for private networks). Checked when the URL is configured and again before each call, since
 * what a name resolves to can change.
 */
public final class OutboundUrls {

    private OutboundUrls() {
    }

    /** What the operator allows beyond public https hosts. */
    public record Policy(boolean allowLoopback, boolean allowPrivate) {
        public static Policy of(ImConfig c) {
            return new Policy(c.webhookAllowHttpLoopback(), c.webhookAllowPrivate());
        }
    }

    /**
     * Checks a URL as configured: its form, its scheme, and the addresses its host resolves to now.
     * Answers it parsed; VALIDATION_FAILED naming {@code field} otherwise.
     */
    public static URI check(String field, String url, Policy policy) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid(field + " is not a URL");
        }
        if (url.length() > 1024 || !u.isAbsolute() || u.getHost() == null || u.getRawUserInfo() != null
                || u.getRawFragment() != null) {
            throw invalid(field + " must be an absolute https URL of at most 1024 characters, without user info "
                    + "or fragment");
        }
        String scheme = u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("http")) {
            if (!policy.allowLoopback()) {
                throw invalid(field + " must be https");
            }
            if (!literalLoopback(u.getHost())) {
                throw invalid(field + " must be https (http only to a loopback address)");
            }
        } else if (!scheme.equals("https")) {
            throw invalid(field + " must be https");
        }
        // a name that does not resolve yet is let through: the tenant may set its DNS up later, and the
        // call is checked again when it is made
        String refused = refused(u, policy, false);
        if (refused != null) {
            throw invalid(field + " is refused: " + refused);
        }
        return u;
    }

    /**
     * Why a call to {@code u} must not be made now, or null when it may: its host does not resolve,
     * or resolves to an address the policy does not allow. Looks the name up (blocking): call it off
     * the hot paths.
     */
    public static String refused(URI u, Policy policy) {
        return refused(u, policy, true);
    }

    private static String refused(URI u, Policy policy, boolean mustResolve) {
        String host = u.getHost();
        if (host == null) {
            return "no host";
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(h);
        } catch (UnknownHostException e) {
            return mustResolve ? "the host " + host + " does not resolve" : null;
        }
        for (InetAddress a : all) {
            String why = kind(a);
            if (why == null) {
                continue;
            }
            if (why.equals("loopback") && policy.allowLoopback()) {
                continue;
            }
            if (why.equals("private") && policy.allowPrivate()) {
                continue;
            }
            return "the host " + host + " resolves to a " + why + " address";
        }
        return null;
    }

    /** What kind of non-public address {@code a} is, or null for a public unicast one. */
    static String kind(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            if (b0 == 10 || (b0 == 172 && b1 >= 16 && b1 <= 31) || (b0 == 192 && b1 == 168)
                    || (b0 == 100 && b1 >= 64 && b1 <= 127)) {
                return "private";
            }
            if (b0 == 0 || b0 >= 240 || (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0)) {
                return "reserved";
            }
        } else if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc || a.isSiteLocalAddress()) {
                return "private";
            }
            // IPv4-mapped (::ffff:a.b.c.d): judged as the IPv4 address it carries
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return kind(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return "reserved";
                }
            }
        }
        return null;
    }

    /** A loopback host, named literally (no name is looked up: what it resolves to could change). */
    public static boolean literalLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static ImException invalid(String message) {
        return new ImException(ErrorCode.VALIDATION_FAILED, message);
    }
}
