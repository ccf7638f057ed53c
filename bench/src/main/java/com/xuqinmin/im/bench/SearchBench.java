package com.xuqinmin.im.bench;

import com.xuqinmin.im.sdk.ImServerClient;
import com.xuqinmin.im.sdk.MessageSearch;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.postgresql.PGConnection;

/**
 * The {@code search} scenario (docs/benchmarks.md, "Message search"), PostgreSQL only: writes
 * {@code --messages} messages straight into a running server's database (COPY), in
 * {@code --conversations} single chats among {@code --users} users — some users in many chats, most
 * in a few — with English text drawn from a skewed vocabulary and Chinese text without spaces, then
 * measures {@code GET /api/im/messages/search} over HTTP for {@code --queries} searches of users of
 * random conversations (one at a time, latency per query), and the server API's compliance search
 * over the whole app (through the SDK). Finally EXPLAIN ANALYZE of the statements, to show which
 * indexes answer. Writes one JSON line to {@code --out}.
 *
 * <pre>java -cp bench/target/classes:bench/target/lib/* com.xuqinmin.im.bench.SearchBench
 *     --db jdbc:postgresql://127.0.0.1:5432/db --db-user postgres --ports 19680 --app-key K --secret S
 *     --messages 1000000 --conversations 100000 --users 20000 --queries 400 --out results.jsonl</pre>
 */
public final class SearchBench {

    /** Common English words, most common first (the vocabulary is drawn with Zipf weights). */
    private static final String[] EN = ("the to and you it is that we for on have this with be are will at can "
            + "not do what so just but get all about me know if go your like was time now there see up out one "
            + "meeting tomorrow lunch today call project report send file please thanks good morning team update "
            + "price order check week friday monday client review budget design photo video link email office "
            + "home dinner weekend ticket flight hotel doctor birthday coffee game movie music train bus weather "
            + "invoice contract deadline release server bug fix test deploy launch sales plan idea question answer")
            .split(" ");
    /** Common Chinese words of two to four characters. */
    private static final String[] ZH = ("你好 谢谢 明天 今天 开会 吃饭 时间 工作 项目 报告 周末 朋友 电话 手机 公司 客户 "
            + "问题 没有 可以 我们 他们 知道 现在 已经 一起 晚上 早上 下午 中午 老师 学生 孩子 妈妈 爸爸 医生 医院 "
            + "天气 下雨 电影 音乐 咖啡 火车 飞机 酒店 生日 快乐 发票 合同 价格 订单 邮件 文件 会议室 办公室 星期五 "
            + "没问题 不客气 对不起 为什么 怎么样 新年快乐 辛苦了 好的 收到 马上 出发 回家 上班 下班 加班 预算 设计 "
            + "照片 视频 链接 世界 中国 北京 上海 深圳 广州 杭州 成都").split(" ");
    private static final String[] ZH_PUNCT = {"", "", "，", "。", "！", "？"};

    private SearchBench() {
    }

    /** One conversation: its users (lower id first), how many messages it has. */
    private record Conv(String cid, String low, String high, int count) {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        String db = o.str("db", null);
        String appKey = o.str("app-key", null);
        String secret = o.str("secret", null);
        if (db == null || appKey == null || secret == null) {
            throw new IllegalArgumentException("give --db jdbc:postgresql://…, --app-key and --secret");
        }
        int port = Integer.parseInt(o.str("ports", "19680").split(",")[0]);
        String base = "http://127.0.0.1:" + port;
        int messages = o.integer("messages", 1_000_000);
        int conversations = o.integer("conversations", 100_000);
        int users = o.integer("users", 20_000);
        int queries = o.integer("queries", 400);
        String prefix = o.str("user-prefix", "s" + System.currentTimeMillis() / 1000);
        Random rnd = new Random(7);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", "search");
        result.put("label", o.str("label", "postgres/1"));
        result.put("messages", messages);
        result.put("conversations", conversations);
        result.put("users", users);

        List<Conv> convs = conversations(rnd, prefix, users, conversations, messages);
        try (Connection c = DriverManager.getConnection(db, o.str("db-user", "postgres"), o.str("db-password", ""))) {
            long t0 = System.nanoTime();
            seed(c, appKey, convs, rnd);
            double seedSeconds = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE im_message");
                s.execute("ANALYZE im_conversation");
                s.execute("ANALYZE im_conversation_seq");
            }
            result.put("seedSeconds", Math.round(seedSeconds));
            result.put("analyzeSeconds", Math.round((System.nanoTime() - t1) / 1e9));
            System.out.printf("seeded %,d messages in %,d conversations in %.0f s, vacuum+analyze %.0f s%n", messages,
                    conversations, seedSeconds, (System.nanoTime() - t1) / 1e9);
            result.put("indexSizes", indexSizes(c));
        }

        // the searching users: one side of random conversations (so users of many chats come up more often)
        ServerApi api = new ServerApi(base);
        ServerApi.App app = new ServerApi.App(appKey, secret);
        ImServerClient im = ImServerClient.builder().baseUrl(base).appKey(appKey).appSecret(secret).build();
        List<String> searchers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (searchers.size() < Math.min(200, users)) {
            Conv cv = convs.get(rnd.nextInt(convs.size()));
            String u = rnd.nextBoolean() ? cv.low() : cv.high();
            if (seen.add(u)) {
                searchers.add(u);
            }
        }
        api.importUsers(app, searchers);
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String u : searchers) {
            tokens.put(u, im.login(u).token());
        }

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String[] kinds = {"en-common", "en-rare", "en-two-words", "zh-2", "zh-3+"};
        Map<String, Histogram> byKind = new LinkedHashMap<>();
        for (String k : kinds) {
            byKind.put(k, new Histogram(60_000_000L, 3));
        }
        Histogram all = new Histogram(60_000_000L, 3);
        long hits = 0;
        // warm-up: the JIT, the pools, the database's cache of the indexes
        for (int i = 0; i < 100; i++) {
            String u = searchers.get(rnd.nextInt(searchers.size()));
            userSearch(http, base, tokens.get(u), query(kinds[i % kinds.length], rnd));
        }
        for (int i = 0; i < queries; i++) {
            String kind = kinds[i % kinds.length];
            String u = searchers.get(rnd.nextInt(searchers.size()));
            String q = query(kind, rnd);
            long t = System.nanoTime();
            int n = userSearch(http, base, tokens.get(u), q);
            long us = (System.nanoTime() - t) / 1000;
            all.recordValue(us);
            byKind.get(kind).recordValue(us);
            hits += n;
        }
        result.put("queries", queries);
        result.put("resultsPerQuery", Math.round(10.0 * hits / queries) / 10.0);
        result.put("user", summary(all));
        Map<String, Object> kindOut = new LinkedHashMap<>();
        byKind.forEach((k, h) -> kindOut.put(k, summary(h)));
        result.put("userByKind", kindOut);

        // the compliance search: the whole app, one page of 20, the same kinds of words
        Histogram compliance = new Histogram(60_000_000L, 3);
        Map<String, Histogram> complianceByKind = new LinkedHashMap<>();
        for (String k : kinds) {
            complianceByKind.put(k, new Histogram(60_000_000L, 3));
        }
        for (int i = 0; i < 20; i++) {
            im.messages().searchPage(MessageSearch.of(query(kinds[i % kinds.length], rnd)), null, 20);
        }
        int complianceQueries = o.integer("compliance-queries", 100);
        for (int i = 0; i < complianceQueries; i++) {
            String kind = kinds[i % kinds.length];
            MessageSearch s = MessageSearch.of(query(kind, rnd));
            long t = System.nanoTime();
            im.messages().searchPage(s, null, 20);
            long us = (System.nanoTime() - t) / 1000;
            compliance.recordValue(us);
            complianceByKind.get(kind).recordValue(us);
        }
        result.put("complianceQueries", complianceQueries);
        result.put("compliance", summary(compliance));
        Map<String, Object> ck = new LinkedHashMap<>();
        complianceByKind.forEach((k, h) -> ck.put(k, summary(h)));
        result.put("complianceByKind", ck);

        String explainFile = o.str("explain", null);
        if (explainFile != null) {
            try (Connection c = DriverManager.getConnection(db, o.str("db-user", "postgres"), o.str("db-password", ""))) {
                Map<String, Integer> chats = new LinkedHashMap<>();
                for (Conv cv : convs) {
                    chats.merge(cv.low(), 1, Integer::sum);
                    chats.merge(cv.high(), 1, Integer::sum);
                }
                String busiest = searchers.stream().max((x, y) -> chats.get(x) - chats.get(y)).orElseThrow();
                Files.writeString(Path.of(explainFile), explain(c, appKey, convs, searchers.get(0), prefix)
                        + explain(c, appKey, convs, busiest, prefix).split("== app,")[0]);
            }
        }
        String line = JsonOut.object(result);
        System.out.println(line);
        String out = o.str("out", null);
        if (out != null) {
            Files.writeString(Path.of(out), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static Map<String, Object> summary(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("p50Ms", h.getValueAtPercentile(50) / 1000.0);
        m.put("p90Ms", h.getValueAtPercentile(90) / 1000.0);
        m.put("p99Ms", h.getValueAtPercentile(99) / 1000.0);
        m.put("maxMs", h.getMaxValue() / 1000.0);
        return m;
    }

    /** A search text of one kind: a common or a rare English word, two words, a Chinese word of two or more characters. */
    private static String query(String kind, Random rnd) {
        switch (kind) {
            case "en-common":
                return EN[40 + rnd.nextInt(40)]; // content words, not "the"
            case "en-rare":
                return rareWord(rnd.nextInt(5_000));
            case "en-two-words":
                return EN[40 + rnd.nextInt(EN.length - 40)] + " " + EN[40 + rnd.nextInt(EN.length - 40)];
            case "zh-2": {
                String w;
                do {
                    w = ZH[rnd.nextInt(ZH.length)];
                } while (w.length() != 2);
                return w;
            }
            default: {
                String w;
                do {
                    w = ZH[rnd.nextInt(ZH.length)];
                } while (w.length() < 3);
                return w;
            }
        }
    }

    /** A pseudo-word ("kovaro"), one of 20,000: names, places, products — each rare. */
    private static String rareWord(int n) {
        String[] syl = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "be", "do", "fa", "gu", "ha", "ji", "po", "se",
            "wu", "xe", "yo", "qi"};
        return syl[n % 20] + syl[(n / 20) % 20] + syl[(n / 400) % 20] + (n >= 8000 ? "n" : "");
    }

    /** Answers how many messages the page held. */
    private static int userSearch(HttpClient http, String base, String token, String q) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/im/messages/search?q="
                        + URLEncoder.encode(q, StandardCharsets.UTF_8).replace("+", "%20")))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).GET().build();
        try {
            HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("search " + q + ": HTTP " + resp.statusCode() + " " + resp.body());
            }
            int n = 0;
            for (int i = resp.body().indexOf("\"seq\":"); i >= 0; i = resp.body().indexOf("\"seq\":", i + 1)) {
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The conversations: random pairs where a user's chance to be picked falls with its number (some
     * users in hundreds of chats, most in a few), each with a share of the messages (1 to about 3×
     * the mean).
     */
    private static List<Conv> conversations(Random rnd, String prefix, int users, int conversations, int messages) {
        Set<Long> pairs = new HashSet<>(conversations * 2);
        List<Conv> out = new ArrayList<>(conversations);
        int left = messages;
        for (int k = 0; k < conversations; k++) {
            int a;
            int b;
            do {
                a = skewed(rnd, users);
                b = rnd.nextInt(users);
            } while (a == b || !pairs.add((long) Math.min(a, b) * users + Math.max(a, b)));
            String ua = prefix + "_" + a;
            String ub = prefix + "_" + b;
            String low = ua.compareTo(ub) <= 0 ? ua : ub;
            String high = low.equals(ua) ? ub : ua;
            int remainingConvs = conversations - k;
            int mean = left / remainingConvs;
            int count = k == conversations - 1 ? left : Math.max(1, Math.min(left - (remainingConvs - 1),
                    1 + rnd.nextInt(Math.max(1, 2 * mean - 1))));
            left -= count;
            out.add(new Conv("s:" + low + ":" + high, low, high, count));
        }
        return out;
    }

    private static int skewed(Random rnd, int users) {
        double x = rnd.nextDouble();
        return (int) (users * x * x);
    }

    /** A message's text: mostly English, a third Chinese without spaces, some of both. */
    private static String text(Random rnd) {
        int kind = rnd.nextInt(100);
        StringBuilder sb = new StringBuilder();
        if (kind < 30 || kind >= 95) {
            int n = 2 + rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
                sb.append(ZH[zipf(rnd, ZH.length)]).append(ZH_PUNCT[rnd.nextInt(ZH_PUNCT.length)]);
            }
        }
        if (kind >= 30) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            int n = 4 + rnd.nextInt(12);
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : " ");
                if (rnd.nextInt(20) == 0) {
                    sb.append(rareWord(rnd.nextInt(20_000)));
                } else {
                    sb.append(EN[zipf(rnd, EN.length)]);
                }
            }
        }
        return sb.toString();
    }

    /** A rank in [0, n) with probability about 1/(rank+1). */
    private static int zipf(Random rnd, int n) {
        double hn = Math.log(n) + 0.5772;
        double u = rnd.nextDouble() * hn;
        int r = (int) Math.floor(Math.exp(u - 0.5772)) - 1;
        return Math.max(0, Math.min(n - 1, r));
    }

    /** Writes the conversations, their counters and messages with COPY, 100,000 rows at a time. */
    private static void seed(Connection c, String appKey, List<Conv> convs, Random rnd) throws SQLException, IOException {
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        long now = System.currentTimeMillis();
        long span = 30L * 24 * 3600 * 1000; // the messages of the last month, ids in time order
        StringBuilder conv = new StringBuilder();
        StringBuilder seq = new StringBuilder();
        for (Conv cv : convs) {
            conv.append(appKey).append('\t').append(cv.cid()).append("\tSINGLE\t").append(cv.low()).append('\t')
                    .append(cv.high()).append("\t\\N\t").append(now - span).append('\n');
            seq.append(appKey).append('\t').append(cv.cid()).append('\t').append(cv.count()).append("\t0\n");
        }
        copy.copyIn("COPY im_conversation (app_key, conversation_id, chat_type, user_a, user_b, group_id, created_at) "
                + "FROM STDIN", new StringReader(conv.toString()));
        copy.copyIn("COPY im_conversation_seq (app_key, conversation_id, last_seq, revoke_count) FROM STDIN",
                new StringReader(seq.toString()));
        // every message gets a time; a conversation's messages in seq order
        long total = convs.stream().mapToLong(Conv::count).sum();
        long step = Math.max(1, span / total);
        // spread the conversations' messages over the month in turn, as traffic would interleave them
        int[] next = new int[convs.size()];
        List<Integer> open = new ArrayList<>(convs.size());
        for (int i = 0; i < convs.size(); i++) {
            open.add(i);
        }
        StringBuilder msg = new StringBuilder(1 << 24);
        long written = 0;
        long at = now - span;
        while (!open.isEmpty()) {
            int slot = rnd.nextInt(open.size());
            int k = open.get(slot);
            Conv cv = convs.get(k);
            int n = ++next[k];
            if (n == cv.count()) {
                open.set(slot, open.get(open.size() - 1));
                open.remove(open.size() - 1);
            }
            boolean fromLow = rnd.nextBoolean();
            at += step;
            written++;
            msg.append(ColdSeed.ulid(at, written)).append('\t').append(appKey).append('\t').append(cv.cid()).append('\t')
                    .append(n).append('\t').append(fromLow ? cv.low() : cv.high()).append('\t')
                    .append(fromLow ? cv.high() : cv.low()).append("\tSINGLE\tTEXT\t").append(text(rnd))
                    .append("\tSENT\tseed-").append(written).append('\t').append(at).append('\n');
            if (written % 100_000 == 0 || open.isEmpty()) {
                copy.copyIn("COPY im_message (id, app_key, conversation_id, seq, from_id, to_id, chat_type, msg_type, "
                        + "content, status, client_message_id, created_at) FROM STDIN", new StringReader(msg.toString()));
                msg.setLength(0);
                System.out.printf("  %,d messages%n", written);
            }
        }
    }

    private static Map<String, Object> indexSizes(Connection c) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT indexrelname, "
                + "pg_relation_size(indexrelid) FROM pg_stat_user_indexes WHERE relname = 'im_message' ORDER BY 1")) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getLong(2) / (1024 * 1024) + " MB");
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT pg_relation_size('im_message')")) {
            rs.next();
            m.put("im_message (table)", rs.getLong(1) / (1024 * 1024) + " MB");
        }
        return m;
    }

    /**
     * EXPLAIN ANALYZE of the statements the server runs (chat/MessageSearch: the same shape), for a
     * user of many conversations and for the whole app.
     */
    private static String explain(Connection c, String appKey, List<Conv> convs, String user, String prefix)
            throws SQLException {
        StringBuilder mine = new StringBuilder();
        int n = 0;
        for (Conv cv : convs) {
            if (cv.low().equals(user) || cv.high().equals(user)) {
                mine.append(n++ == 0 ? "" : " OR ").append("(m.conversation_id = '").append(cv.cid())
                        .append("' AND m.seq > 0)");
            }
        }
        String searchable = "m.app_key = '" + appKey + "' AND m.status = 'SENT' AND m.msg_type <> 'ENCRYPTED'";
        String fts = " AND to_tsvector('simple', im_search_text(m.content)) @@ plainto_tsquery('simple', '%s')";
        String order = " ORDER BY m.created_at DESC, m.id DESC LIMIT 21";
        Map<String, String> statements = new LinkedHashMap<>();
        statements.put("user (" + user + ", " + n + " conversations), 'meeting'",
                "SELECT m.* FROM im_message m WHERE " + searchable + String.format(fts, "meeting") + " AND (" + mine + ")"
                        + order);
        statements.put("user, rare word '" + rareWord(77) + "'", "SELECT m.* FROM im_message m WHERE " + searchable
                + String.format(fts, rareWord(77)) + " AND (" + mine + ")" + order);
        statements.put("user, 2-character Chinese '吃饭'", "SELECT m.* FROM im_message m WHERE " + searchable
                + String.format(fts, "吃饭") + " AND m.content ILIKE '%吃饭%' AND (" + mine + ")" + order);
        statements.put("app, common word 'meeting'", "SELECT m.* FROM im_message m WHERE " + searchable
                + String.format(fts, "meeting") + order);
        statements.put("app, rare word '" + rareWord(1234) + "'", "SELECT m.* FROM im_message m WHERE " + searchable
                + String.format(fts, rareWord(1234)) + order);
        statements.put("app, 2-character Chinese '发票'", "SELECT m.* FROM im_message m WHERE " + searchable
                + String.format(fts, "发票") + " AND m.content ILIKE '%发票%'" + order);
        statements.put("app, 3-character Chinese '会议室'", "SELECT m.* FROM im_message m WHERE " + searchable
                + String.format(fts, "会议 议室") + " AND m.content ILIKE '%会议室%'" + order);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : statements.entrySet()) {
            out.append("== ").append(e.getKey()).append('\n');
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + e.getValue())) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append('\n');
                }
            }
            out.append('\n');
        }
        return out.toString();
    }
}
