package com.xuqinmin.im.platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The server's name and version, as announced in CONNECTED ({@code server:xuqm-im/VERSION}). */
public final class ServerInfo {

    public static final String NAME = "xuqm-im";
    public static final String VERSION = loadVersion();

    private ServerInfo() {
    }

    public static String product() {
        return NAME + "/" + VERSION;
    }

    private static String loadVersion() {
        try (InputStream in = ServerInfo.class.getResourceAsStream("/im-version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "dev");
            return v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
