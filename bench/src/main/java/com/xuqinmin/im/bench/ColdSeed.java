package com.xuqinmin.im.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Writes a stored history into a stopped embedded server's database, for the {@code cold} scenario:
 * {@code --messages} one-to-one messages spread over {@code --conversations} random pairs of the
 * users {@code <prefix>_0 .. <prefix>_<users-1>} (the ids {@code LoadGen --user-prefix} connects),
 * each conversation with its counter and, for both of its users' default devices, a cursor that
 * has everything delivered and read: the rows a server holds after that traffic. Rows are written
 * with the server's schema (the server migrated the database before it was stopped), in batches.
 *
 * <pre>java -cp bench/target/classes:h2.jar com.xuqinmin.im.bench.ColdSeed --db jdbc:h2:/path/data/h2/im
 *     --db-user im --app-key ak_demo_chat --user-prefix c1 --users 1000 --conversations 300000 --messages 1000000</pre>
 */
public final class ColdSeed {

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int BATCH = 1_000;
    /** Conversations per transaction. */
    private static final int COMMIT = 20_000;

    private ColdSeed() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        String url = o.str("db", null);
        if (url == null) {
            throw new IllegalArgumentException("give --db jdbc:h2:<path of the stopped server's database>");
        }
        String appKey = o.str("app-key", "ak_demo_chat");
        String prefix = o.str("user-prefix", "cold");
        int users = o.integer("users", 1000);
        int conversations = o.integer("conversations", 300_000);
        long messages = Long.parseLong(o.str("messages", "1000000"));
        long possible = (long) users * (users - 1) / 2;
        if (users < 2 || conversations > possible || messages < conversations) {
            throw new IllegalArgumentException(users + " users have " + possible + " pairs; need conversations <= pairs "
                    + "and messages >= conversations");
        }
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, o.str("db-user", "im"), o.str("db-password", ""))) {
            c.setAutoCommit(false);
            seed(c, appKey, prefix, users, conversations, messages);
        }
        System.out.printf("seeded %,d messages in %,d conversations among %,d users in %.1f s%n", messages,
                conversations, users, (System.nanoTime() - t0) / 1e9);
    }

    /** One stored conversation: its users (lower id first) and how many messages it holds. */
    private record Conv(String cid, String low, String high, long count) {
    }

    /**
     * Writes in key order, in large transactions: conversations (and their counter and messages)
     * sorted by id, then cursors sorted by user, so most index entries are appended rather than put
     * at random places (random-order inserts made H2 rewrite most of its pages at every commit and
     * grow the file past 7 GB before a third of the messages were in).
     */
    private static void seed(Connection c, String appKey, String prefix, int users, int conversations, long messages)
            throws SQLException {
        Random rnd = new Random(42);
        Set<Long> pairs = new HashSet<>(conversations * 2);
        long perConversation = messages / conversations;
        long extra = messages % conversations;
        List<Conv> convs = new ArrayList<>(conversations);
        for (int k = 0; k < conversations; k++) {
            int a;
            int b;
            do {
                a = rnd.nextInt(users);
                b = rnd.nextInt(users);
            } while (a == b || !pairs.add((long) Math.min(a, b) * users + Math.max(a, b)));
            String ua = prefix + "_" + a;
            String ub = prefix + "_" + b;
            String low = ua.compareTo(ub) <= 0 ? ua : ub;
            String high = low.equals(ua) ? ub : ua;
            // the server's id of a single chat (ConversationId.single): s:{lower}:{higher}
            convs.add(new Conv("s:" + low + ":" + high, low, high, perConversation + (k < extra ? 1 : 0)));
        }
        convs.sort(Comparator.comparing(Conv::cid));
        try (Statement s = c.createStatement()) {
            s.execute("SET RETENTION_TIME 0");
        }
        long base = System.currentTimeMillis() - 30L * 24 * 3600 * 1000; // a month ago
        long idCounter = 0;
        long written = 0;
        try (PreparedStatement conv = c.prepareStatement("INSERT INTO im_conversation (app_key, conversation_id, "
                + "chat_type, user_a, user_b, group_id, created_at) VALUES (?, ?, 'SINGLE', ?, ?, NULL, ?)");
                PreparedStatement seq = c.prepareStatement("INSERT INTO im_conversation_seq (app_key, conversation_id, "
                        + "last_seq, revoke_count) VALUES (?, ?, ?, 0)");
                PreparedStatement msg = c.prepareStatement("INSERT INTO im_message (id, app_key, conversation_id, seq, "
                        + "from_id, to_id, chat_type, msg_type, content, status, client_message_id, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, 'SINGLE', 'TEXT', ?, 'SENT', ?, ?)")) {
            for (int k = 0; k < convs.size(); k++) {
                Conv cv = convs.get(k);
                long at = base + k;
                conv.setString(1, appKey);
                conv.setString(2, cv.cid());
                conv.setString(3, cv.low());
                conv.setString(4, cv.high());
                conv.setLong(5, at);
                conv.addBatch();
                seq.setString(1, appKey);
                seq.setString(2, cv.cid());
                seq.setLong(3, cv.count());
                seq.addBatch();
                for (long n = 1; n <= cv.count(); n++) {
                    boolean fromLow = n % 2 == 1;
                    msg.setString(1, ulid(base, ++idCounter));
                    msg.setString(2, appKey);
                    msg.setString(3, cv.cid());
                    msg.setLong(4, n);
                    msg.setString(5, fromLow ? cv.low() : cv.high());
                    msg.setString(6, fromLow ? cv.high() : cv.low());
                    msg.setString(7, "stored message " + n + " of a quiet conversation");
                    msg.setString(8, "seed-" + k + "-" + n);
                    msg.setLong(9, at);
                    msg.addBatch();
                    written++;
                }
                if (k % BATCH == BATCH - 1 || k == convs.size() - 1) {
                    conv.executeBatch();
                    seq.executeBatch();
                    msg.executeBatch();
                }
                if (k % COMMIT == COMMIT - 1 || k == convs.size() - 1) {
                    c.commit();
                    System.out.printf("  %,d conversations, %,d messages%n", k + 1, written);
                }
            }
        }
        // both users' default devices had everything delivered and read
        List<String[]> cursors = new ArrayList<>(convs.size() * 2);
        for (Conv cv : convs) {
            cursors.add(new String[] {cv.low(), cv.cid(), Long.toString(cv.count())});
            cursors.add(new String[] {cv.high(), cv.cid(), Long.toString(cv.count())});
        }
        cursors.sort(Comparator.<String[], String>comparing(x -> x[0]).thenComparing(x -> x[1]));
        try (PreparedStatement cur = c.prepareStatement("INSERT INTO im_cursor (app_key, user_id, device_id, "
                + "conversation_id, delivered_seq, read_seq, updated_at, revokes_seen) "
                + "VALUES (?, ?, 'default', ?, ?, ?, ?, 0)")) {
            for (int i = 0; i < cursors.size(); i++) {
                String[] x = cursors.get(i);
                long count = Long.parseLong(x[2]);
                cur.setString(1, appKey);
                cur.setString(2, x[0]);
                cur.setString(3, x[1]);
                cur.setLong(4, count);
                cur.setLong(5, count);
                cur.setLong(6, base);
                cur.addBatch();
                if (i % BATCH == BATCH - 1 || i == cursors.size() - 1) {
                    cur.executeBatch();
                }
                if (i % (COMMIT * 2) == COMMIT * 2 - 1 || i == cursors.size() - 1) {
                    c.commit();
                }
            }
        }
        System.out.printf("  %,d cursors%n", cursors.size());
    }

    /** A ULID (the server's message id format): 48 bits of milliseconds, then a counter, Crockford base32. */
    static String ulid(long millis, long counter) {
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (millis & 31)];
            millis >>>= 5;
        }
        for (int i = 25; i >= 10; i--) {
            out[i] = CROCKFORD[(int) (counter & 31)];
            counter >>>= 5;
        }
        return new String(out);
    }
}
