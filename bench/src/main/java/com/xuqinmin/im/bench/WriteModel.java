package com.xuqinmin.im.bench;

import java.sql.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/**
 * The embedded database's write path of the single-chat send, without the server: random pairs among
 * N users, lanes that group-commit batches, and the cursor flush every second. Prints messages/s.
 * Issue 16's experiments (docs/benchmarks.md, analysis, 2026-12-08). Run:
 * {@code java -cp "bench/target/classes:bench/target/lib/*" com.xuqinmin.im.bench.WriteModel DIR PAGE MODE USERS SECONDS LANES BATCH}
 * with MODE current | noseq | numeric | nocursor | inbox (a delivery row per participant, cursors per device), PAGE the H2 PAGE_SIZE (0: its default), DIR a fresh folder.
 */
public final class WriteModel {

    private WriteModel() {
    }
    static final String APP = "ak_bench_0123456789abcd";

    public static void main(String[] a) throws Exception {
        String dir = a[0];
        int pageSize = Integer.parseInt(a[1]);
        String mode = a[2];
        int users = Integer.parseInt(a[3]);
        int seconds = Integer.parseInt(a[4]);
        int lanes = Integer.parseInt(a[5]);
        int batch = Integer.parseInt(a[6]);
        String url = "jdbc:h2:" + dir + "/im" + (pageSize > 0 ? ";PAGE_SIZE=" + pageSize : "");
        boolean numeric = mode.equals("numeric");
        // inbox: one delivery row per participant (user's inbox seq -> message), cursors per device only
        boolean inbox = mode.equals("inbox");
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            Statement s = c.createStatement();
            s.execute("CREATE TABLE im_conversation (app_key VARCHAR(32) NOT NULL, conversation_id VARCHAR(140) NOT NULL,"
                    + " conv_no BIGINT, chat_type VARCHAR(8) NOT NULL, user_a VARCHAR(64), user_b VARCHAR(64), group_id VARCHAR(64),"
                    + " created_at BIGINT NOT NULL, PRIMARY KEY (app_key, conversation_id))");
            s.execute("CREATE INDEX ix_conversation_user_a ON im_conversation (app_key, user_a)");
            s.execute("CREATE INDEX ix_conversation_user_b ON im_conversation (app_key, user_b)");
            s.execute("CREATE INDEX ix_conversation_group ON im_conversation (app_key, group_id)");
            if (numeric) {
                s.execute("CREATE TABLE im_conversation_seq (conv_no BIGINT NOT NULL PRIMARY KEY, last_seq BIGINT NOT NULL,"
                        + " revoke_count BIGINT DEFAULT 0 NOT NULL)");
                s.execute("CREATE TABLE im_message (id VARCHAR(26) NOT NULL PRIMARY KEY, conv_no BIGINT NOT NULL,"
                        + " seq BIGINT NOT NULL, from_id VARCHAR(64) NOT NULL, to_id VARCHAR(64) NOT NULL, chat_type VARCHAR(8) NOT NULL,"
                        + " msg_type VARCHAR(16) NOT NULL, content VARCHAR(16384) NOT NULL, status VARCHAR(16) NOT NULL,"
                        + " client_message_id VARCHAR(64) NOT NULL, created_at BIGINT NOT NULL, revoked_at BIGINT,"
                        + " CONSTRAINT uq_message_seq UNIQUE (conv_no, seq), CONSTRAINT uq_message_client_id UNIQUE (app_key_dummy_removed))"
                        .replace(", CONSTRAINT uq_message_client_id UNIQUE (app_key_dummy_removed)", ", app_key VARCHAR(32) NOT NULL,"
                                + " CONSTRAINT uq_message_client_id UNIQUE (app_key, from_id, client_message_id)"));
                s.execute("CREATE TABLE im_cursor (user_no BIGINT NOT NULL, device_id VARCHAR(64) NOT NULL, conv_no BIGINT NOT NULL,"
                        + " delivered_seq BIGINT NOT NULL, read_seq BIGINT NOT NULL, updated_at BIGINT NOT NULL,"
                        + " PRIMARY KEY (user_no, device_id, conv_no))");
                s.execute("CREATE INDEX ix_cursor_conversation ON im_cursor (conv_no, user_no, device_id)");
            } else {
                s.execute("CREATE TABLE im_conversation_seq (app_key VARCHAR(32) NOT NULL, conversation_id VARCHAR(140) NOT NULL,"
                        + " last_seq BIGINT NOT NULL, revoke_count BIGINT DEFAULT 0 NOT NULL, PRIMARY KEY (app_key, conversation_id))");
                s.execute("CREATE TABLE im_message (id VARCHAR(26) NOT NULL PRIMARY KEY, app_key VARCHAR(32) NOT NULL,"
                        + " conversation_id VARCHAR(140) NOT NULL, seq BIGINT NOT NULL, from_id VARCHAR(64) NOT NULL,"
                        + " to_id VARCHAR(64) NOT NULL, chat_type VARCHAR(8) NOT NULL, msg_type VARCHAR(16) NOT NULL,"
                        + " content VARCHAR(16384) NOT NULL, status VARCHAR(16) NOT NULL, client_message_id VARCHAR(64) NOT NULL,"
                        + " created_at BIGINT NOT NULL, revoked_at BIGINT, CONSTRAINT uq_message_seq UNIQUE (app_key, conversation_id, seq),"
                        + " CONSTRAINT uq_message_client_id UNIQUE (app_key, from_id, client_message_id))");
                s.execute("CREATE TABLE im_cursor (app_key VARCHAR(32) NOT NULL, user_id VARCHAR(64) NOT NULL,"
                        + " device_id VARCHAR(64) NOT NULL, conversation_id VARCHAR(140) NOT NULL, delivered_seq BIGINT NOT NULL,"
                        + " read_seq BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (app_key, user_id, device_id, conversation_id))");
                s.execute("CREATE INDEX ix_cursor_conversation ON im_cursor (app_key, conversation_id, user_id, device_id)");
            }
            if (inbox) {
                s.execute("CREATE TABLE im_inbox (app_key VARCHAR(32) NOT NULL, user_id VARCHAR(64) NOT NULL, inbox_seq BIGINT NOT NULL,"
                        + " message_id VARCHAR(26) NOT NULL, PRIMARY KEY (app_key, user_id, inbox_seq))");
            }
        }
        // keeps the database open from start to end (an embedded H2 closes with its last connection,
        // and its file statistics start again at zero)
        Connection holder = DriverManager.getConnection(url, "sa", "");
        AtomicLong stored = new AtomicLong();
        AtomicLong convNos = new AtomicLong();
        ConcurrentHashMap<String, Long> convNo = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, AtomicLong> seqs = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, AtomicLong> inboxSeqs = new ConcurrentHashMap<>();
        // cursor advances waiting for the flush: key -> seq
        ConcurrentHashMap<List<Object>, Long> cursors = new ConcurrentHashMap<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long warm = System.nanoTime() + 5_000_000_000L;
        AtomicLong atWarm = new AtomicLong(-1);
        AtomicLong cpuAtWarm = new AtomicLong();
        AtomicReference<long[]> ioAtWarm = new AtomicReference<>(new long[4]);
        List<Thread> threads = new ArrayList<>();
        for (int l = 0; l < lanes; l++) {
            final int lane = l;
            Thread t = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                    c.setAutoCommit(false);
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    String adv = numeric ? "SELECT last_seq FROM FINAL TABLE (UPDATE im_conversation_seq SET last_seq = last_seq + ? WHERE conv_no = ?)"
                            : "SELECT last_seq FROM FINAL TABLE (UPDATE im_conversation_seq SET last_seq = last_seq + ? WHERE app_key = ? AND conversation_id = ?)";
                    PreparedStatement advance = c.prepareStatement(adv);
                    PreparedStatement conv = c.prepareStatement("INSERT INTO im_conversation (app_key, conversation_id, conv_no, chat_type, user_a, user_b, group_id, created_at) VALUES (?,?,?,?,?,?,?,?)");
                    PreparedStatement seq = c.prepareStatement(numeric ? "INSERT INTO im_conversation_seq (conv_no, last_seq) VALUES (?, ?)"
                            : "INSERT INTO im_conversation_seq (app_key, conversation_id, last_seq) VALUES (?, ?, ?)");
                    PreparedStatement msg = c.prepareStatement(numeric
                            ? "INSERT INTO im_message (id, conv_no, seq, from_id, to_id, chat_type, msg_type, content, status, client_message_id, created_at, app_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                            : "INSERT INTO im_message (id, app_key, conversation_id, seq, from_id, to_id, chat_type, msg_type, content, status, client_message_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
                    PreparedStatement box = inbox ? c.prepareStatement("INSERT INTO im_inbox (app_key, user_id, inbox_seq, message_id) VALUES (?,?,?,?)") : null;
                    long idc = 0;
                    while (System.nanoTime() < end) {
                        if (atWarm.get() < 0 && System.nanoTime() > warm && atWarm.compareAndSet(-1, stored.get())) {
                            cpuAtWarm.set(cpuNanos());
                            ioAtWarm.set(fileIo(c));
                        }
                        for (int k = 0; k < batch; k++) {
                            int x = r.nextInt(users), y;
                            do { y = r.nextInt(users); } while (y == x);
                            String ua = "u" + Math.min(x, y), ub = "u" + Math.max(x, y);
                            String from = "u" + x, to = "u" + y;
                            String cid = "s:" + ua + ":" + ub;
                            if (Math.floorMod(cid.hashCode(), lanes) != lane) { k--; continue; }
                            long s;
                            Long no = convNo.get(cid);
                            boolean fresh = false;
                            if (mode.equals("noseq")) {
                                AtomicLong al = seqs.get(cid);
                                if (al == null) {
                                    fresh = true;
                                    al = new AtomicLong();
                                    AtomicLong prev = seqs.putIfAbsent(cid, al);
                                    if (prev != null) { al = prev; fresh = false; }
                                }
                                s = al.incrementAndGet();
                            } else if (numeric && no != null || !numeric && seqs.containsKey(cid)) {
                                advance.setLong(1, 1);
                                if (numeric) { advance.setLong(2, no); } else { advance.setString(2, APP); advance.setString(3, cid); }
                                try (ResultSet rs = advance.executeQuery()) { rs.next(); s = rs.getLong(1); }
                            } else {
                                fresh = true;
                                s = 1;
                            }
                            if (fresh) {
                                long n = convNos.incrementAndGet();
                                if (convNo.putIfAbsent(cid, n) != null) { continue; }
                                seqs.putIfAbsent(cid, new AtomicLong(1));
                                conv.setString(1, APP); conv.setString(2, cid); conv.setLong(3, n); conv.setString(4, "SINGLE");
                                conv.setString(5, ua); conv.setString(6, ub); conv.setString(7, null); conv.setLong(8, System.currentTimeMillis());
                                conv.executeUpdate();
                                if (!mode.equals("noseq")) {
                                    if (numeric) { seq.setLong(1, n); seq.setLong(2, 1); } else { seq.setString(1, APP); seq.setString(2, cid); seq.setLong(3, 1); }
                                    seq.executeUpdate();
                                }
                                no = n;
                            }
                            String id = String.format("%013d%s%05d", System.currentTimeMillis(), Thread.currentThread().getName().substring(5), (idc++) % 100000);
                            id = (id + "0000000000000000").substring(0, 26);
                            if (numeric) {
                                msg.setString(1, id); msg.setLong(2, no); msg.setLong(3, s); msg.setString(4, from); msg.setString(5, to);
                                msg.setString(6, "SINGLE"); msg.setString(7, "TEXT"); msg.setString(8, "{\"text\":\"hello from the bench, a message of about 80 characters....\"}");
                                msg.setString(9, "NORMAL"); msg.setString(10, UUID.randomUUID().toString()); msg.setLong(11, System.currentTimeMillis()); msg.setString(12, APP);
                            } else {
                                msg.setString(1, id); msg.setString(2, APP); msg.setString(3, cid); msg.setLong(4, s); msg.setString(5, from);
                                msg.setString(6, to); msg.setString(7, "SINGLE"); msg.setString(8, "TEXT"); msg.setString(9, "{\"text\":\"hello from the bench, a message of about 80 characters....\"}");
                                msg.setString(10, "NORMAL"); msg.setString(11, UUID.randomUUID().toString()); msg.setLong(12, System.currentTimeMillis());
                            }
                            msg.addBatch();
                            if (inbox) {
                                for (String u : new String[] {from, to}) {
                                    long is = inboxSeqs.computeIfAbsent(u, x2 -> new AtomicLong()).incrementAndGet();
                                    box.setString(1, APP); box.setString(2, u); box.setLong(3, is); box.setString(4, id);
                                    box.addBatch();
                                    cursors.merge(List.of(u, "inbox"), is, Math::max);
                                }
                            } else if (!mode.equals("nocursor")) {
                                Object cv = numeric ? (Object) no : cid;
                                cursors.merge(List.of(from, cv), s, Math::max);
                                cursors.merge(List.of(to, cv), s, Math::max);
                            }
                        }
                        msg.executeBatch();
                        if (inbox) {
                            box.executeBatch();
                        }
                        c.commit();
                        stored.addAndGet(batch);
                    }
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            }, "lane-" + l);
            threads.add(t);
            t.start();
        }
        Thread flusher = new Thread(() -> {
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                c.setAutoCommit(false);
                PreparedStatement up = c.prepareStatement(numeric
                        ? "UPDATE im_cursor SET delivered_seq = ?, updated_at = ? WHERE user_no = ? AND device_id = ? AND conv_no = ? AND delivered_seq < ?"
                        : "UPDATE im_cursor SET delivered_seq = ?, updated_at = ? WHERE app_key = ? AND user_id = ? AND device_id = ? AND conversation_id = ? AND delivered_seq < ?");
                PreparedStatement ins = c.prepareStatement(numeric
                        ? "INSERT INTO im_cursor (user_no, device_id, conv_no, delivered_seq, read_seq, updated_at) VALUES (?,?,?,?,0,?)"
                        : "INSERT INTO im_cursor (app_key, user_id, device_id, conversation_id, delivered_seq, read_seq, updated_at) VALUES (?,?,?,?,?,0,?)");
                Set<List<Object>> known = new HashSet<>();
                while (System.nanoTime() < end) {
                    Thread.sleep(1000);
                    List<Map.Entry<List<Object>, Long>> take = new ArrayList<>();
                    for (List<Object> k : new ArrayList<>(cursors.keySet())) {
                        Long v = cursors.remove(k);
                        if (v != null) take.add(Map.entry(k, v));
                    }
                    long now = System.currentTimeMillis();
                    int ups = 0, inss = 0;
                    for (Map.Entry<List<Object>, Long> e : take) {
                        String user = (String) e.getKey().get(0);
                        if (known.contains(e.getKey())) {
                            up.setLong(1, e.getValue()); up.setLong(2, now);
                            if (numeric) { up.setLong(3, Long.parseLong(user.substring(1))); up.setString(4, "bench"); up.setLong(5, (Long) e.getKey().get(1)); up.setLong(6, e.getValue()); }
                            else { up.setString(3, APP); up.setString(4, user); up.setString(5, "bench"); up.setString(6, (String) e.getKey().get(1)); up.setLong(7, e.getValue()); }
                            up.addBatch(); ups++;
                        } else {
                            known.add(e.getKey());
                            if (numeric) { ins.setLong(1, Long.parseLong(user.substring(1))); ins.setString(2, "bench"); ins.setLong(3, (Long) e.getKey().get(1)); ins.setLong(4, e.getValue()); ins.setLong(5, now); }
                            else { ins.setString(1, APP); ins.setString(2, user); ins.setString(3, "bench"); ins.setString(4, (String) e.getKey().get(1)); ins.setLong(5, e.getValue()); ins.setLong(6, now); }
                            ins.addBatch(); inss++;
                        }
                    }
                    if (ups > 0) up.executeBatch();
                    if (inss > 0) ins.executeBatch();
                    c.commit();
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "flusher");
        flusher.start();
        for (Thread t : threads) t.join();
        flusher.join();
        long n = stored.get() - Math.max(0, atWarm.get());
        long cpu = cpuNanos() - cpuAtWarm.get();
        long[] io = fileIo(holder);
        holder.close();
        long[] w = ioAtWarm.get();
        // CPU time and file I/O per message hardly depend on what else runs on the machine, unlike msg/s
        System.out.printf("mode=%s page=%d users=%d lanes=%d batch=%d: %d msgs in %d s after warm-up: %.0f msg/s,"
                + " %.1f us CPU/msg, %.2f file reads/msg, %.0f B read/msg, %.2f file writes/msg, %.0f B written/msg%n",
                mode, pageSize, users, lanes, batch, n, seconds - 5, n / (double) (seconds - 5), cpu / 1000.0 / n,
                (io[0] - w[0]) / (double) n, (io[1] - w[1]) / (double) n, (io[2] - w[2]) / (double) n,
                (io[3] - w[3]) / (double) n);
    }

    /** This process's CPU time (all threads: the lanes, the flusher and H2's own). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** H2's file statistics: reads, bytes read, writes, bytes written. */
    private static long[] fileIo(Connection c) throws SQLException {
        long[] out = new long[4];
        try (ResultSet rs = c.createStatement().executeQuery(
                "SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME LIKE 'info.FILE_%'")) {
            while (rs.next()) {
                long v = Long.parseLong(rs.getString(2));
                switch (rs.getString(1)) {
                    case "info.FILE_READ" -> out[0] = v;
                    case "info.FILE_READ_BYTES" -> out[1] = v;
                    case "info.FILE_WRITE" -> out[2] = v;
                    case "info.FILE_WRITE_BYTES" -> out[3] = v;
                    default -> { }
                }
            }
        }
        return out;
    }
}
