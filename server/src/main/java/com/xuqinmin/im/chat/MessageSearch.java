package com.xuqinmin.im.chat;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.V19__PostgresMessageSearch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Searching message text (docs/api.md, "Searching messages"): a user's search over what it may read —
 * the conversations {@link ConversationService#readable} lists, each from its
 * {@link ConversationService#floorOf floor} — and the app's compliance search over all of its
 * messages. Revoked, erased and ENCRYPTED messages never match; an edited one matches its latest
 * content (the row holds it). Newest first, a page at a time with a cursor. How the words match is
 * {@link SearchText}'s: PostgreSQL's indexes (migration V19), H2's LIKE scan.
 */
@ApplicationScoped
public class MessageSearch {

    /** The most messages one page holds. */
    public static final int LIMIT_MAX = 100;
    private static final int LIMIT_DEFAULT = 20;

    /** A cursor: the last message's createdAt and id. */
    private static final Pattern CURSOR = Pattern.compile("(\\d{1,19})\\.([0-9A-Za-z]{1,26})");

    /**
     * The rows a search may find, in literals: the very condition of V19's partial indexes, so that
     * PostgreSQL sees they cover the query.
     */
    private static final String SEARCHABLE = V19__PostgresMessageSearch.SEARCHABLE;

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    ConversationService conversations;

    /** null until the first search: whether the database is PostgreSQL. */
    private volatile Boolean postgres;

    /** A page of results, newest first; {@code nextCursor} (when {@code hasMore}) asks for the next page. */
    public record Page(List<JsonObject> messages, boolean hasMore, String nextCursor) {
    }

    /**
     * What to search for; null fields do not narrow. {@code from} inclusive and {@code to} exclusive,
     * Unix ms of {@code createdAt}; {@code userId} (the compliance search only) the sender.
     */
    public record Criteria(String q, String conversationId, String userId, Long from, Long to, String cursor,
            Integer limit) {
    }

    /** A user's search over the messages it may read; NOT_CONVERSATION_MEMBER for a conversation it is not in. */
    @Transactional
    public Page search(Identity who, Criteria c) {
        Sql sql = new Sql(who.appKey(), c);
        List<String> cids = new ArrayList<>();
        List<Long> floors = new ArrayList<>();
        if (c.conversationId() != null) {
            cids.add(c.conversationId());
            floors.add(conversations.floorOf(who, c.conversationId()));
        } else {
            for (ConversationService.Readable r : conversations.readable(who)) {
                if (r.lastSeq() > r.floorSeq()) {
                    cids.add(r.conversationId());
                    floors.add(r.floorSeq());
                }
            }
        }
        if (cids.isEmpty()) {
            return new Page(List.of(), false, null);
        }
        // each conversation from its own floor: an index seek per conversation when the text is common
        sql.where.append(" AND (");
        for (int i = 0; i < cids.size(); i++) {
            sql.where.append(i == 0 ? "" : " OR ").append("(m.conversation_id = ").append(sql.param(cids.get(i)))
                    .append(" AND m.seq > ").append(floors.get(i).longValue()).append(')');
        }
        sql.where.append(')');
        return sql.run();
    }

    /** The app's compliance search: every conversation of the app, optionally one sender's or one conversation's. */
    @Transactional
    public Page searchApp(String appKey, Criteria c) {
        Sql sql = new Sql(appKey, c);
        if (c.conversationId() != null) {
            sql.where.append(" AND m.conversation_id = ").append(sql.param(c.conversationId()));
        }
        if (c.userId() != null) {
            sql.where.append(" AND m.from_id = ").append(sql.param(c.userId()));
        }
        return sql.run();
    }

    /** One search's statement, built from its criteria; positional parameters in order. */
    private final class Sql {
        final StringBuilder where = new StringBuilder();
        final List<Object> params = new ArrayList<>();
        final int limit;

        Sql(String appKey, Criteria c) {
            SearchText text = SearchText.parse(c.q());
            limit = c.limit() == null ? LIMIT_DEFAULT : c.limit();
            if (limit < 1 || limit > LIMIT_MAX) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "limit must be 1 to " + LIMIT_MAX);
            }
            if (c.from() != null && c.to() != null && c.from() > c.to()) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "from must not be after to");
            }
            if (c.conversationId() != null && c.conversationId().isEmpty()) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "conversationId must not be empty");
            }
            where.append("m.app_key = ").append(param(appKey)).append(" AND ").append(SEARCHABLE);
            if (isPostgres()) {
                String fullText = text.fullText();
                if (!fullText.isEmpty()) {
                    where.append(" AND ").append(V19__PostgresMessageSearch.TEXT_VECTOR)
                            .append(" @@ plainto_tsquery('simple', ").append(param(fullText)).append(')');
                }
                for (String p : text.substrings()) {
                    where.append(" AND m.content ILIKE ").append(param(p)).append(" ESCAPE '\\'");
                }
            } else {
                for (String p : text.everyWordAsSubstring()) {
                    where.append(" AND LOWER(m.content) LIKE ").append(param(p)).append(" ESCAPE '\\'");
                }
            }
            if (c.from() != null) {
                where.append(" AND m.created_at >= ").append(param(c.from()));
            }
            if (c.to() != null) {
                where.append(" AND m.created_at < ").append(param(c.to()));
            }
            if (c.cursor() != null) {
                Matcher m = CURSOR.matcher(c.cursor());
                if (!m.matches()) {
                    throw new ImException(ErrorCode.VALIDATION_FAILED, "cursor must be a nextCursor of an earlier page");
                }
                long at = Long.parseLong(m.group(1));
                where.append(" AND (m.created_at < ").append(param(at)).append(" OR (m.created_at = ").append(param(at))
                        .append(" AND m.id < ").append(param(m.group(2))).append("))");
            }
        }

        String param(Object value) {
            params.add(value);
            return "?" + params.size();
        }

        Page run() {
            if (isPostgres()) {
                // planned for these very words: a statement the driver prepared once is otherwise planned
                // for any words after five runs, at the default selectivity of a text match, which read a
                // whole app newest first for a common Chinese pair (seconds in bench/, milliseconds planned)
                em.createNativeQuery("SET LOCAL plan_cache_mode = force_custom_plan").executeUpdate();
            }
            Query q = em.createNativeQuery("SELECT m.* FROM im_message m WHERE " + where
                    + " ORDER BY m.created_at DESC, m.id DESC", Message.class);
            for (int i = 0; i < params.size(); i++) {
                q.setParameter(i + 1, params.get(i));
            }
            @SuppressWarnings("unchecked")
            List<Message> rows = q.setMaxResults(limit + 1).getResultList();
            boolean more = rows.size() > limit;
            List<JsonObject> out = new ArrayList<>(Math.min(rows.size(), limit));
            for (int i = 0; i < rows.size() && i < limit; i++) {
                out.add(MessageJson.object(StoredMessage.of(rows.get(i), false)));
            }
            Message last = more ? rows.get(limit - 1) : null;
            return new Page(out, more, last == null ? null : last.getCreatedAt() + "." + last.getId());
        }
    }

    private boolean isPostgres() {
        Boolean p = postgres;
        if (p == null) {
            Connection c = TxConnection.of(em);
            try {
                p = c != null && "PostgreSQL".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot tell which database this is", e);
            }
            postgres = p;
        }
        return p;
    }
}
