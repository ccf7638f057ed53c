package com.xuqinmin.im.startup;

import com.xuqinmin.im.account.App;
import com.xuqinmin.im.account.AppDirectory;
import com.xuqinmin.im.account.ImUser;
import com.xuqinmin.im.chat.Conversation;

import com.xuqinmin.im.group.ChatGroup;
import com.xuqinmin.im.group.GroupMember;
import com.xuqinmin.im.platform.DataFolder;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.logging.Logger;

/**
 * The demo app of the embedded mode (API.md §5): {@code ak_demo_chat} with users
 * {@code demo_alice} and {@code demo_bob} and the group {@code demo_group}. Its AppSecret is
 * {@code IM_DEMO_APP_SECRET}, or generated at first start, printed once to the log and kept in the
 * data folder ({@code demo-app-secret}, owner-readable) beside the master key.
 */
@ApplicationScoped
public class DemoData {

    public static final String APP_KEY = "ak_demo_chat";
    public static final String SECRET_FILE = "demo-app-secret";

    private static final Logger LOG = Logger.getLogger(DemoData.class.getName());

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    SecretCipher cipher;

    @Inject
    ImConfig config;

    @Inject
    DataFolder dataFolder;

    @Inject
    AppDirectory apps;

    @Transactional
    public void ensure() {
        String configured = config.demoAppSecret().orElse(null);
        if (configured != null && configured.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("IM_DEMO_APP_SECRET must be at least 32 bytes (HS256 needs a 256-bit key)");
        }
        App app = em.find(App.class, APP_KEY);
        long now = System.currentTimeMillis();
        if (app == null) {
            String secret = configured != null ? configured : generateSecret();
            app = new App(APP_KEY, "Demo chat", cipher.encrypt(secret, APP_KEY), now);
            em.persist(app);
            for (String u : List.of("demo_alice", "demo_bob")) {
                ImUser user = new ImUser(APP_KEY, u, now);
                user.setNickname(u.substring(5, 6).toUpperCase() + u.substring(6));
                em.persist(user);
            }
            em.persist(new ChatGroup(APP_KEY, "demo_group", "Demo group", "demo_alice", now));
            em.persist(Conversation.group(APP_KEY, "demo_group", now));
            em.persist(new GroupMember(APP_KEY, "demo_group", "demo_alice", GroupMember.Role.OWNER, now, 0));
            em.persist(new GroupMember(APP_KEY, "demo_group", "demo_bob", GroupMember.Role.MEMBER, now, 0));
            if (configured == null) {
                dataFolder.writeSecret(SECRET_FILE, secret);
                LOG.warning("Created the demo app " + APP_KEY + " (users demo_alice, demo_bob; group demo_group). "
                        + "Its AppSecret, shown once: " + secret + "  (also in "
                        + dataFolder.root().resolve(SECRET_FILE) + "; set IM_DEMO_APP_SECRET to choose it)");
            } else {
                LOG.info("Created the demo app " + APP_KEY + " with the AppSecret from IM_DEMO_APP_SECRET");
            }
        } else if (configured != null && !configured.equals(cipher.decrypt(app.getSecretEncrypted(), APP_KEY))) {
            app.replaceSecret(cipher.encrypt(configured, APP_KEY));
            apps.invalidate(APP_KEY);
            LOG.info("The demo app's AppSecret now comes from IM_DEMO_APP_SECRET");
        }
    }

    private static String generateSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
