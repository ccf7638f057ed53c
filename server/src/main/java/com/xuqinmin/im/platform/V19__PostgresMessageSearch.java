package com.xuqinmin.im.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.logging.Logger;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * PostgreSQL only (nothing on H2, which searches with LIKE: docs/api.md, "Searching messages"): the
 * indexes of message search ({@code chat/MessageSearch}, {@code chat/SearchText}).
 *
 * <ul>
 * <li>{@code im_search_text(content)}: the content followed by the overlapping pairs of CJK characters
 * of each run of them ({@code im_cjk_bigrams}). Chinese has no spaces between words, so PostgreSQL's
 * parser takes "你好世界" for one word; its pairs make "世界" a word of the text too.</li>
 * <li>{@code ix_message_search}: GIN over {@code to_tsvector('simple', im_search_text(content))}, an
 * expression (no new column: the hot insert path writes no more than the row and this entry).</li>
 * <li>{@code ix_message_search_trgm}: GIN trigrams ({@code pg_trgm}) over the content, which serves
 * the substring test (ILIKE) of CJK words of three characters or more. Needs the extension: it is
 * created when missing, and when that is not allowed (not a superuser, not installed) the migration
 * goes on without this index and says so in the log — search then works from the first index alone
 * (docs/deployment.md).</li>
 * <li>{@code im_message_search_words}: statistics of the words of the text (PostgreSQL 14 and later), so
 * that the planner knows a rare word from a common one.</li>
 * </ul>
 *
 * Both indexes leave out the rows no search may find (revoked, erased, ENCRYPTED), so a revoke or an
 * erasure takes its row out of them; an edit updates them with the content.
 */
public class V19__PostgresMessageSearch extends BaseJavaMigration {

    private static final Logger LOG = Logger.getLogger(V19__PostgresMessageSearch.class.getName());

    /** What V19 calls CJK; {@code SearchText.isCjk} names the same ranges. */
    private static final String CJK = "[\\u3040-\\u30ff\\u3400-\\u9fff\\uf900-\\ufaff\\uac00-\\ud7af]";

    /** The words of a message's text, as the full-text index holds them and {@code MessageSearch} asks for them. */
    public static final String TEXT_VECTOR = "to_tsvector('simple', im_search_text(content))";

    /** The rows a search may find: the indexes' condition, and {@code MessageSearch}'s. */
    public static final String SEARCHABLE = "status = 'SENT' AND msg_type <> 'ENCRYPTED'";

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        if (!"PostgreSQL".equalsIgnoreCase(c.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement s = c.createStatement()) {
            // pairs at even offsets of each run, then, with each run's first character dropped, the others
            s.execute("CREATE OR REPLACE FUNCTION im_cjk_bigrams(s text) RETURNS text LANGUAGE sql IMMUTABLE "
                    + "PARALLEL SAFE AS $$ SELECT coalesce(string_agg(b[1], ' '), '') FROM ("
                    + "SELECT regexp_matches(s, '(" + CJK + "{2})', 'g') UNION ALL "
                    + "SELECT regexp_matches(regexp_replace(s, '(^|[^" + CJK.substring(1) + ")" + CJK + "', '\\1', 'g'), '("
                    + CJK + "{2})', 'g')) x(b) $$");
            s.execute("CREATE OR REPLACE FUNCTION im_search_text(content text) RETURNS text LANGUAGE sql IMMUTABLE "
                    + "PARALLEL SAFE AS $$ SELECT content || ' ' || im_cjk_bigrams(content) $$");
            s.execute("CREATE INDEX ix_message_search ON im_message USING gin "
                    + "(" + TEXT_VECTOR + ") WHERE " + SEARCHABLE);
            // the planner keeps no statistics of a partial index's expression, and without them takes every
            // word for one of 200 messages: a rare word's search then read the app's messages newest first,
            // testing each (20 s over 1,000,000 in bench/), a common word's read its whole index entry
            if (c.getMetaData().getDatabaseMajorVersion() >= 14) {
                s.execute("CREATE STATISTICS im_message_search_words ON (" + TEXT_VECTOR + ") FROM im_message");
            } else {
                LOG.warning("message search: PostgreSQL " + c.getMetaData().getDatabaseProductVersion()
                        + " keeps no statistics of expressions (14 and later do): searches for rare words over "
                        + "a large history may be slow (docs/deployment.md)");
            }
        }
        if (trigramsAvailable(c)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE INDEX ix_message_search_trgm ON im_message USING gin (content gin_trgm_ops) WHERE "
                        + SEARCHABLE);
            }
        }
    }

    /** Creates pg_trgm when it is missing; false, with a log line, when that is refused. */
    private static boolean trigramsAvailable(Connection c) throws SQLException {
        // a failed statement ends a PostgreSQL transaction unless it is rolled back to a savepoint
        Savepoint before = c.setSavepoint();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            c.releaseSavepoint(before);
            return true;
        } catch (SQLException e) {
            c.rollback(before);
            LOG.warning("message search: the pg_trgm extension could not be created (" + e.getMessage().strip()
                    + "); searching without the trigram index: words of Chinese, Japanese or Korean text are "
                    + "found through the full-text index's character pairs alone (docs/deployment.md)");
            return false;
        }
    }
}
