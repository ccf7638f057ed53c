package com.xuqinmin.im.account;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.DataFolder;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Tenant and operator accounts: registration, password login (with lockout and throttling, and one
 * answer for "no such account" and "wrong password"), password change, and the first operator.
 */
@ApplicationScoped
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class.getName());
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{1,63}");
    private static final Pattern OPERATOR = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    public static final String OPS_PASSWORD_FILE = "ops-initial-password";

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Passwords passwords;

    @Inject
    LoginGuard guard;

    @Inject
    ImConfig config;

    @Inject
    DataFolder dataFolder;

    @Inject
    AppService appService;

    /** A tenant as the console shows it. */
    public record TenantView(long tenantId, String name, String email, String status, long createdAt) {
        static TenantView of(Tenant t) {
            return new TenantView(t.getId(), t.getName(), t.getEmail(), t.getStatus(), t.getCreatedAt());
        }
    }

    // ------------------------------------------------------------------ tenants

    @Transactional
    public TenantView register(String name, String email, String password) {
        String tenantName = Ids.text("name", name, 128, true);
        String mail = normaliseEmail(email);
        passwords.requireStrong("password", password, name, mail.substring(0, mail.indexOf('@')));
        if (findTenant(mail) != null) {
            throw new ImException(ErrorCode.DUPLICATE, "an account with this e-mail already exists");
        }
        Tenant t = new Tenant(tenantName, mail, System.currentTimeMillis());
        t.setPasswordHash(passwords.hash(password));
        em.persist(t);
        em.flush();
        return TenantView.of(t);
    }

    /** The active tenant whose e-mail and password these are; the caller issues the session token. */
    @Transactional(dontRollbackOn = ImException.class)
    public Tenant authenticateTenant(String email, String password, String ip) {
        String mail = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        guard.admit(ip, "tenant:" + mail);
        Tenant t = mail.isEmpty() ? null : findTenant(mail);
        checkPassword(t, "tenant:" + mail, password);
        if (!t.isActive()) {
            throw new ImException(ErrorCode.TENANT_DISABLED);
        }
        return t;
    }

    @Transactional(dontRollbackOn = ImException.class)
    public void changeTenantPassword(long tenantId, String current, String next, String ip) {
        Tenant t = em.find(Tenant.class, tenantId);
        if (t == null) {
            throw new ImException(ErrorCode.UNAUTHORIZED);
        }
        guard.admit(ip, "tenant:" + t.getEmail());
        if (t.getPasswordHash() == null) {
            throw new ImException(ErrorCode.CONFLICT, "this account signs in through SSO and has no password");
        }
        checkPassword(t, "tenant:" + t.getEmail(), current);
        passwords.requireStrong("newPassword", next, t.getName(), t.getEmail().substring(0, t.getEmail().indexOf('@')));
        t.setPasswordHash(passwords.hash(next));
    }

    /** The tenant an SSO identity (by e-mail) stands for, created on its first visit. */
    @Transactional
    public Tenant ssoTenant(String email, String name) {
        String mail = normaliseEmail(email);
        Tenant t = findTenant(mail);
        if (t == null) {
            t = new Tenant(name == null || name.isBlank() ? mail : name, mail, System.currentTimeMillis());
            em.persist(t);
            em.flush();
        }
        if (!t.isActive()) {
            throw new ImException(ErrorCode.TENANT_DISABLED);
        }
        return t;
    }

    @Transactional
    public Tenant activeTenant(long id) {
        Tenant t = em.find(Tenant.class, id);
        if (t == null || !t.isActive()) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "tenant unknown or disabled");
        }
        return t;
    }

    /** A page of tenants, for operators. */
    public record TenantPage(List<TenantView> items, long total, int page, int size) {
    }

    @Transactional
    public TenantPage listTenants(int page, int size) {
        List<TenantView> items = em.createQuery("SELECT t FROM Tenant t ORDER BY t.id", Tenant.class)
                .setFirstResult(page * size).setMaxResults(size).getResultList().stream().map(TenantView::of).toList();
        long total = em.createQuery("SELECT COUNT(t) FROM Tenant t", Long.class).getSingleResult();
        return new TenantPage(items, total, page, size);
    }

    /** Disables or enables a tenant; a disabled tenant's apps stop working on every node at once. */
    @Transactional
    public TenantView setTenantActive(long id, boolean active) {
        Tenant t = em.find(Tenant.class, id);
        if (t == null) {
            throw new ImException(ErrorCode.NOT_FOUND, "no tenant " + id);
        }
        t.setStatus(active ? "ACTIVE" : "DISABLED");
        for (String appKey : em.createQuery("SELECT a.appKey FROM App a WHERE a.tenantId = :t", String.class)
                .setParameter("t", id).getResultList()) {
            appService.changed(appKey, !active);
        }
        return TenantView.of(t);
    }

    Tenant findTenant(String email) {
        return em.createQuery("SELECT t FROM Tenant t WHERE t.email = :e", Tenant.class).setParameter("e", email)
                .getResultStream().findFirst().orElse(null);
    }

    private static String normaliseEmail(String email) {
        String mail = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        if (mail.length() > 254 || !EMAIL.matcher(mail).matches()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "email must be an e-mail address");
        }
        return mail;
    }

    // ------------------------------------------------------------------ operators

    /** The active operator whose name and password these are; the caller issues the session token. */
    @Transactional(dontRollbackOn = ImException.class)
    public Operator authenticateOperator(String name, String password, String ip) {
        String n = name == null ? "" : name.trim();
        guard.admit(ip, "ops:" + n);
        Operator o = n.isEmpty() ? null : em.createQuery("SELECT o FROM Operator o WHERE o.name = :n", Operator.class)
                .setParameter("n", n).getResultStream().findFirst().orElse(null);
        checkPassword(o, "ops:" + n, password);
        if (!o.isActive()) {
            throw new ImException(ErrorCode.INVALID_CREDENTIALS);
        }
        return o;
    }

    /**
     * Creates the first operator when there is none: its password is {@code IM_OPS_PASSWORD}, or
     * generated, printed once to the log and kept in the data folder. No default password ships.
     */
    @Transactional
    public void ensureFirstOperator() {
        Long count = em.createQuery("SELECT COUNT(o) FROM Operator o", Long.class).getSingleResult();
        if (count > 0) {
            return;
        }
        String name = config.opsUser();
        if (!OPERATOR.matcher(name).matches()) {
            throw new IllegalStateException("IM_OPS_USER must be 1 to 64 characters of A-Z a-z 0-9 _ . @ -");
        }
        String password = config.opsPassword().orElse(null);
        boolean generated = password == null;
        if (generated) {
            byte[] b = new byte[18];
            new SecureRandom().nextBytes(b);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        } else {
            passwords.requireStrong("IM_OPS_PASSWORD", password, name);
        }
        em.persist(new Operator(name, passwords.hash(password), System.currentTimeMillis()));
        if (generated) {
            dataFolder.writeSecret(OPS_PASSWORD_FILE, password);
            LOG.warning("Created the first operator '" + name + "'. Its password, shown once: " + password
                    + "  (also in " + dataFolder.root().resolve(OPS_PASSWORD_FILE)
                    + "; set IM_OPS_PASSWORD to choose it)");
        } else {
            LOG.info("Created the first operator '" + name + "' with the password from IM_OPS_PASSWORD");
        }
    }

    // ------------------------------------------------------------------ shared

    /**
     * Checks a password against an account that may not exist, the same way in both cases: the
     * same time spent, the same answer, the same lockout.
     */
    private void checkPassword(Account a, String key, String password) {
        String pw = password == null ? "" : password;
        if (a == null) {
            if (guard.unknownLocked(key)) {
                throw new ImException(ErrorCode.LOGIN_LOCKED);
            }
            passwords.matches(pw, null);
            guard.unknownFailed(key);
            throw new ImException(ErrorCode.INVALID_CREDENTIALS);
        }
        if (LoginGuard.locked(a)) {
            throw new ImException(ErrorCode.LOGIN_LOCKED);
        }
        if (!passwords.matches(pw, a.getPasswordHash())) {
            guard.failed(a);
            throw new ImException(ErrorCode.INVALID_CREDENTIALS);
        }
        a.setFailedLogins(0);
        a.setLockedUntil(null);
        if (passwords.needsRehash(a.getPasswordHash())) {
            a.setPasswordHash(passwords.hash(pw));
        }
    }
}
