package com.xuqinmin.im.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The load generator: connects users over real WebSockets with real userSigs, runs one scenario, and
 * prints a human summary followed by one JSON line. Run with {@code --help} for the options.
 */
public final class LoadGen implements AutoCloseable {

    private static final String QUEUE = "/user/queue/messages";

    private final Options o;
    private final Stats stats = new Stats();
    private final List<String> targets;
    private final List<HttpClient> clients = new ArrayList<>();
    private final ExecutorService callbacks;
    private final ServerApi api;
    private final ServerApi.App app;
    private final UserSigs sigs;
    /** Prefix of this run's user ids and message contents: runs never see each other's traffic. */
    private final String run = Long.toString(System.currentTimeMillis() % 46_656_000L, 36)
            + Integer.toString(ThreadLocalRandom.current().nextInt(1296), 36);
    private final String marker = "b" + run + "|";
    private final List<BenchConnection> open = Collections.synchronizedList(new ArrayList<>());
    private volatile long measureFrom = Long.MAX_VALUE;
    private final AtomicLong windowReceipts = new AtomicLong();
    private final AtomicLong lastReceipt = new AtomicLong();
    private final AtomicLong messageIds = new AtomicLong();
    private volatile long maxOutstanding = Long.MAX_VALUE;
    /** cold: each second's receipt latencies, by the second the send was due since {@link #seriesFrom}; or null. */
    private volatile Recorder[] perSecond;
    private volatile long seriesFrom;
    /** Each user's partner in the single scenario, or null for a new random pair per send. */
    private int[] partner;
    /** The Zipf draw of {@code --pairs zipf}, or null. */
    private Zipf zipf;
    /**
     * {@code --target peer}: the original product's design (bench/target/peer, a plain Spring STOMP
     * server), which sends no RECEIPT frames: a send counts as answered once written, and only
     * deliveries (and their latency) are measured. Single chat only.
     */
    private final boolean peer;

    LoadGen(Options o) throws IOException {
        this.o = o;
        this.peer = "peer".equals(o.str("target", "im"));
        this.targets = o.targets();
        int threads = o.integer("threads", Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
        this.callbacks = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-io");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < o.integer("clients", 4); i++) {
            clients.add(HttpClient.newBuilder().executor(callbacks).build());
        }
        this.api = new ServerApi("http://" + targets.get(0));
        this.app = o.app(api);
        this.sigs = new UserSigs(app.appKey(), app.secret());
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (o.flag("help")) {
            System.out.print(Options.USAGE);
            return;
        }
        if (o.flag("print-app")) {
            ServerApi.App app = o.app(new ServerApi("http://" + o.targets().get(0)));
            System.out.println(app.appKey() + " " + app.secret());
            return;
        }
        Map<String, Object> r = run(o);
        System.exit(Boolean.TRUE.equals(r.get("ok")) ? 0 : 1);
    }

    /** Runs one scenario, prints the summary and the JSON line, and returns the result. */
    static Map<String, Object> run(Options o) throws Exception {
        Map<String, Object> r;
        try (LoadGen g = new LoadGen(o)) {
            r = g.execute();
        }
        String line = JsonOut.object(r);
        System.out.println(summary(r));
        System.out.println(line);
        if (o.values.containsKey("out")) {
            Files.writeString(Path.of(o.str("out", "")), line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return r;
    }

    private Map<String, Object> execute() throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scenario", o.scenario());
        r.put("label", o.str("label", ""));
        r.put("targets", targets.size());
        long t0 = System.nanoTime();
        boolean completed = false;
        try {
            switch (o.scenario()) {
                case "idle" -> idle(r);
                case "single", "overload" -> single(r);
                case "group" -> group(r);
                case "sync" -> sync(r);
                case "mixed" -> mixed(r);
                case "cold" -> cold(r);
                case "soak" -> soak(r);
                default -> throw new IllegalArgumentException("unknown scenario " + o.scenario() + "\n" + Options.USAGE);
            }
            completed = true;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            // still one JSON line: a run that could not even start is a result too
            stats.note("aborted: " + e);
            stats.take();
        }
        r.put("wallSeconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        for (Stats.Count c : Stats.Count.values()) {
            r.put(c.name().toLowerCase(java.util.Locale.ROOT), stats.get(c));
        }
        long lost = Math.max(0, stats.get(Stats.Count.EXPECTED)
                - (stats.get(Stats.Count.DELIVERED) - stats.get(Stats.Count.DUPLICATES)));
        r.put("lost", lost);
        long unanswered = stats.get(Stats.Count.SENT) - stats.get(Stats.Count.RECEIPTS)
                - stats.get(Stats.Count.SEND_FAILURES) - stats.get(Stats.Count.BUSY);
        r.put("unanswered", Math.max(0, unanswered));
        Map<String, Object> lat = new LinkedHashMap<>();
        stats.histograms().forEach((k, h) -> lat.put(k, new JsonOut.Raw(Stats.json(h))));
        r.put("latencyMs", lat);
        r.put("notes", new ArrayList<>(stats.notes()));
        // SERVER_BUSY is the server's answer past saturation (counted as busy, shown apart); any other
        // refusal is a failure
        boolean ok = completed && lost == 0 && unanswered <= 0 && stats.get(Stats.Count.ERRORS) == 0
                && stats.get(Stats.Count.REJECTIONS) == 0
                && stats.get(Stats.Count.SEND_FAILURES) == 0 && stats.get(Stats.Count.CONNECT_FAILURES) == 0
                && stats.get(Stats.Count.DUPLICATES) == 0 && stats.get(Stats.Count.CLOSED) == 0;
        r.put("ok", ok);
        return r;
    }

    // ---- scenarios

    /** Holds N connections; at each step calls the hook (the server's heap, from run.sh). */
    private void idle(Map<String, Object> r) throws Exception {
        int users = o.integer("users", 100);
        List<Integer> steps = new ArrayList<>();
        for (String s : o.str("steps", Integer.toString(users)).split(",")) {
            steps.add(Integer.parseInt(s.strip()));
        }
        List<Map<String, Object>> stepResults = new ArrayList<>();
        stepResults.add(step(0));
        int done = 0;
        long t0 = System.nanoTime();
        for (int target : steps) {
            connect(users(done, target), null, QUEUE);
            done = target;
            stepResults.add(step(open.size()));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        r.put("users", users);
        r.put("connected", open.size());
        r.put("connectPerSecond", Math.round(open.size() / secs));
        r.put("steps", stepResults);
        TimeUnit.SECONDS.sleep(o.integer("hold", 10));
        stats.take();
        r.put("stillOpen", open.size() - stats.get(Stats.Count.CLOSED));
    }

    private Map<String, Object> step(int connections) throws Exception {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("connections", connections);
        String hook = o.str("step-hook", null);
        if (hook != null) {
            Process p = new ProcessBuilder("sh", "-c", hook).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            s.put("hook", out.matches("-?\\d+(\\.\\d+)?") ? (Object) Double.parseDouble(out) : out);
        }
        System.err.println("step " + s);
        return s;
    }

    /** Random one-to-one pairs at a total rate. */
    private void single(Map<String, Object> r) throws Exception {
        int users = o.integer("users", 100);
        double rate = o.number("rate", 100);
        List<BenchConnection> conns = connect(users(0, users), null, QUEUE);
        conns.forEach(c -> c.deliveries = (cc, f) -> delivered(cc, f, "single"));
        pair(conns.size());
        r.put("users", users);
        r.put("pairs", pairs());
        r.put("rate", rate);
        load(r, rate, due -> sendSingle(conns, due));
    }

    /**
     * After a restart on a large stored history (run.sh seeds it with {@link ColdSeed} for the same
     * {@code --user-prefix}): the users connect, then random pairs among them at {@code --rate},
     * most of them conversations the server stored but has not touched since it started. Reports
     * every second's p99 from the first connection, and the second from which every later one is
     * settled: its p99 within twice the p99 of the run's last 20 s (of its second half, when shorter),
     * or 50 ms, whichever is higher, and at least 90 % of the offered sends answered.
     */
    private void cold(Map<String, Object> r) throws Exception {
        int users = o.integer("users", 1000);
        double rate = o.number("rate", 1000);
        Recorder[] series = new Recorder[warmup() + seconds() + 600];
        for (int i = 0; i < series.length; i++) {
            series[i] = new Recorder(3);
        }
        seriesFrom = System.nanoTime();
        perSecond = series;
        List<BenchConnection> conns = connect(users(0, users), null, QUEUE);
        long connected = System.nanoTime();
        conns.forEach(c -> c.deliveries = (cc, f) -> delivered(cc, f, "single"));
        r.put("users", users);
        r.put("pairs", pairs());
        r.put("rate", rate);
        r.put("connectSeconds", Math.round((connected - seriesFrom) / 1e8) / 10.0);
        long sendStart = System.nanoTime();
        load(r, rate, due -> sendSingle(conns, due));
        int firstSending = (int) ((sendStart - seriesFrom) / 1_000_000_000L);
        long sendsEnd = sendStart - seriesFrom + (warmup() + seconds()) * 1_000_000_000L;
        int lastAny = (int) Math.min(series.length - 1, (sendsEnd - 1) / 1_000_000_000L);
        // the last second whose every send was due within the run (the one after it is cut short)
        int lastFull = (int) (sendsEnd / 1_000_000_000L) - 1;
        List<Histogram> perS = new ArrayList<>();
        for (int i = 0; i <= lastAny; i++) {
            perS.add(series[i].getIntervalHistogram());
        }
        // the steady level: the last 20 s, or the second half of a shorter run (so that a short run's
        // level is not made of its cold start)
        int window = Math.max(1, Math.min(20, (lastFull - firstSending) / 2));
        Histogram tail = new Histogram(3);
        for (int i = Math.max(firstSending + 1, lastFull - window + 1); i <= lastFull; i++) {
            tail.add(perS.get(i));
        }
        double level = tail.getValueAtPercentile(99) / 1000.0;
        double bound = Math.max(2 * level, 50);
        List<Map<String, Object>> out = new ArrayList<>();
        int settledFrom = -1;
        for (int i = 0; i <= lastAny; i++) {
            Histogram h = perS.get(i);
            double p99 = h.getValueAtPercentile(99) / 1000.0;
            boolean settled = h.getTotalCount() >= 0.9 * rate && p99 <= bound;
            if (i > lastFull) {
                // cut short by the end of the run: says nothing about settling
            } else if (!settled) {
                settledFrom = -1;
            } else if (settledFrom < 0) {
                settledFrom = i;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("s", i);
            m.put("n", h.getTotalCount());
            m.put("p99", p99);
            out.add(m);
        }
        r.put("steadyP99", level);
        // seconds from the first connection until the second from which every later one is settled
        r.put("steadyAfterSeconds", settledFrom < 0 ? null : settledFrom + 1);
        r.put("series", out);
    }

    /** One group of G online members; every message goes to all of them, the sender included. */
    private void group(Map<String, Object> r) throws Exception {
        int size = o.integer("group-size", 100);
        double rate = o.number("rate", 10);
        String groupId = "g" + run;
        List<String> members = users(0, size);
        api.importUsers(app, members);
        api.createGroup(app, groupId, members);
        List<BenchConnection> conns = connect(members, null, QUEUE, "/topic/group/" + groupId);
        conns.forEach(c -> c.deliveries = (cc, f) -> delivered(cc, f, "group"));
        r.put("groupSize", size);
        r.put("rate", rate);
        r.put("deliveriesPerSecondOffered", rate * size);
        load(r, rate, due -> sendGroup(conns, groupId, size, due));
    }

    /** Single and group traffic at once over the same connections, plus idle ones. */
    private void mixed(Map<String, Object> r) throws Exception {
        int users = o.integer("users", 100);
        int size = Math.min(users, o.integer("group-size", Math.max(2, users / 10)));
        double rate = o.number("rate", 100);
        double groupRate = o.number("group-rate", rate / 10);
        String groupId = "g" + run;
        List<String> all = users(0, users);
        List<String> members = all.subList(0, size);
        api.importUsers(app, members);
        api.createGroup(app, groupId, members);
        List<BenchConnection> inGroup = connect(members, null, QUEUE, "/topic/group/" + groupId);
        List<BenchConnection> conns = new ArrayList<>(inGroup);
        conns.addAll(connect(all.subList(size, users), null, QUEUE));
        conns.forEach(c -> c.deliveries = (cc, f) -> delivered(cc, f,
                f.header("destination").startsWith("/topic/") ? "group" : "single"));
        pair(conns.size());
        r.put("users", users);
        r.put("groupSize", size);
        r.put("rate", rate);
        r.put("groupRate", groupRate);
        int warmup = warmup();
        Thread groupLoad = new Thread(() -> pace(groupRate, warmup + seconds(), due -> sendGroup(inGroup,
                groupId, size, due)), "group-load");
        groupLoad.start();
        load(r, rate, due -> sendSingle(conns, due));
        groupLoad.join();
    }

    /**
     * A long run at a steady rate (run.sh: half the rate single saturated at, for an hour): random
     * single pairs among all the users, a group of the first --group-size of them, and --reconnecting
     * users that stay online --cycle seconds, DISCONNECT, stay away --offline seconds and come back on
     * the same device, pulling what they missed with chat.sync while live deliveries resume. They only
     * receive; what was sent to them while away must come by sync. Every --sample seconds the server
     * is probed ({@link ServerProbe}: live heap after a full collection, open files, threads,
     * connections) and the counts are taken; at the end every user is back, and nothing may be missing.
     */
    private void soak(Map<String, Object> r) throws Exception {
        int users = o.integer("users", 100);
        int size = Math.min(users, o.integer("group-size", Math.max(2, users / 10)));
        int cycling = o.integer("reconnecting", Math.max(1, users / 10));
        double rate = o.number("rate", 100);
        double groupRate = o.number("group-rate", rate / 10);
        int cycle = o.integer("cycle", 60);
        int offline = o.integer("offline", 20);
        int sampleSeconds = o.integer("sample", 30);
        reconnectingAck = o.str("reconnecting-ack", "client");
        if (!Set.of("auto", "client", "client-individual").contains(reconnectingAck)) {
            throw new IllegalArgumentException("--reconnecting-ack: auto, client or client-individual");
        }
        String groupId = "g" + run;
        perUser = true;
        List<String> all = users(0, users + cycling);
        List<String> members = all.subList(0, size);
        api.importUsers(app, members);
        api.createGroup(app, groupId, members);
        List<BenchConnection> inGroup = connect(members, null, QUEUE, "/topic/group/" + groupId);
        List<BenchConnection> steady = new ArrayList<>(inGroup);
        steady.addAll(connect(all.subList(size, users), null, QUEUE));
        steady.forEach(c -> c.deliveries = (cc, f) -> delivered(cc, f,
                f.header("destination").startsWith("/topic/") ? "group" : "single"));
        CountDownLatch stop = new CountDownLatch(1);
        List<Reconnecting> away = new ArrayList<>();
        for (BenchConnection c : connect(all.subList(users, users + cycling), Reconnecting.DEVICE, QUEUE)) {
            away.add(new Reconnecting(c, stop));
        }
        r.put("users", users);
        r.put("groupSize", size);
        r.put("reconnecting", away.size());
        r.put("rate", rate);
        r.put("groupRate", groupRate);
        r.put("cycle", cycle);
        r.put("offline", offline);
        r.put("sampleSeconds", sampleSeconds);
        r.put("reconnectingAck", reconnectingAck);

        String pidFile = o.str("server-pid-file", null);
        ServerProbe probe = new ServerProbe(pidFile == null ? null : Path.of(pidFile),
                o.str("jcmd", Path.of(System.getProperty("java.home"), "bin", "jcmd").toString()),
                "http://" + targets.get(0));
        List<Map<String, Object>> samples = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(t -> {
            Thread th = new Thread(t, "soak-sampler");
            th.setDaemon(true);
            return th;
        });
        sampler.scheduleAtFixedRate(() -> samples.add(sample(probe, start)), 0, sampleSeconds, TimeUnit.SECONDS);

        int warmup = warmup();
        int total = warmup + seconds();
        measureFrom = start + warmup * 1_000_000_000L;
        Thread warm = new Thread(() -> {
            LockSupport.parkNanos(warmup * 1_000_000_000L);
            stats.reset();
        }, "warm-up");
        warm.start();
        List<Thread> cyclers = new ArrayList<>();
        for (int i = 0; i < away.size(); i++) {
            Reconnecting u = away.get(i);
            // spread over the cycle, so the users do not all leave at once
            long firstLeave = (long) (cycle * 1000L * (i + 1.0) / away.size());
            Thread t = new Thread(() -> u.run(firstLeave, cycle * 1000L, offline * 1000L), "reconnecting-" + i);
            t.setDaemon(true);
            t.start();
            cyclers.add(t);
        }
        Thread groupLoad = new Thread(() -> pace(groupRate, total, due -> sendGroup(inGroup, groupId, size, due)),
                "group-load");
        groupLoad.start();
        pace(rate, total, due -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            BenchConnection from = steady.get(rnd.nextInt(steady.size()));
            String to;
            do {
                to = all.get(rnd.nextInt(all.size()));
            } while (to.equals(from.userId));
            send(from, to, "SINGLE", 1, due);
        });
        groupLoad.join();
        warm.join();
        long sendEnd = System.nanoTime();
        // every reconnecting user back online and synced, then the outstanding deliveries
        stop.countDown();
        for (Thread t : cyclers) {
            t.join();
        }
        drain();
        sampler.shutdown();
        sampler.awaitTermination(5, TimeUnit.MINUTES);
        samples.add(sample(probe, start));
        stats.take();

        double window = Math.max(seconds(), (lastReceipt.get() - measureFrom) / 1e9);
        r.put("duration", seconds());
        r.put("warmup", warmup);
        r.put("achievedRate", Math.round(windowReceipts.get() / window));
        r.put("sendSeconds", Math.round((sendEnd - start) / 1e8) / 10.0);
        r.put("saturated", stats.get(Stats.Count.SKIPPED) > 0);
        r.put("reconnects", away.stream().mapToLong(u -> u.reconnects).sum());
        r.put("syncPages", away.stream().mapToLong(u -> u.syncPages).sum());
        r.put("repeatedBySync", repeatedBySync.get());
        Map<String, Reconnecting> cyclingUsers = new LinkedHashMap<>();
        away.forEach(u -> cyclingUsers.put(u.userId, u));
        List<Map<String, Object>> missing = missingByUser(cyclingUsers);
        r.put("abortedLeaves", away.stream().mapToLong(u -> u.abortedLeaves).sum());
        r.put("lateConnects", lateConnects.get());
        r.put("lateAborted", lateAborted.get());
        r.put("notSyncedAtEnd", away.stream().filter(u -> !u.syncedAtEnd).count());
        long missingSingle = missing.stream().mapToLong(m -> (Long) m.get("missing")).sum();
        r.put("missingSingle", missingSingle);
        r.put("missingByUser", missing.size() > 50 ? missing.subList(0, 50) : missing);
        r.put("usersMissing", missing.size());
        List<Map<String, Object>> series = new ArrayList<>(samples);
        r.put("samples", series);
        for (String k : List.of("heapMb", "fds", "threads")) {
            Object first = series.isEmpty() ? null : series.get(0).get(k);
            Object last = series.isEmpty() ? null : series.get(series.size() - 1).get(k);
            r.put(k + "Start", first);
            r.put(k + "End", last);
        }
    }

    /** One point of the soak's series: seconds since the start, the server's figures, the counts so far. */
    private Map<String, Object> sample(ServerProbe probe, long start) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("t", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
        s.putAll(probe.sample());
        long unique = stats.get(Stats.Count.DELIVERED) - stats.get(Stats.Count.DUPLICATES);
        s.put("sent", stats.get(Stats.Count.SENT));
        s.put("receipts", stats.get(Stats.Count.RECEIPTS));
        s.put("expected", stats.get(Stats.Count.EXPECTED));
        s.put("delivered", unique);
        // not yet delivered: in flight, or waiting for a user who is away
        s.put("pending", Math.max(0, stats.get(Stats.Count.EXPECTED) - unique));
        System.err.println("sample " + s);
        return s;
    }

    /** Per recipient, single-chat messages with a RECEIPT and those that arrived (the soak names who misses what). */
    private volatile boolean perUser;
    private final Map<String, LongAdder> singleExpected = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> singleDelivered = new ConcurrentHashMap<>();

    private void countSingle(Map<String, LongAdder> counts, String userId) {
        counts.computeIfAbsent(userId, k -> new LongAdder()).increment();
    }

    /**
     * The users with fewer single-chat messages than were sent to them, the worst first: who misses how
     * many, and whether the user was a reconnecting one and is connected at the end.
     */
    private List<Map<String, Object>> missingByUser(Map<String, Reconnecting> reconnecting) {
        List<Map<String, Object>> out = new ArrayList<>();
        Set<String> openAtEnd = new HashSet<>();
        synchronized (open) {
            open.forEach(c -> {
                if (c.isOpen()) {
                    openAtEnd.add(c.userId);
                }
            });
        }
        singleExpected.forEach((user, expected) -> {
            LongAdder got = singleDelivered.get(user);
            long missing = expected.sum() - (got == null ? 0 : got.sum());
            if (missing > 0) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("user", user);
                m.put("missing", missing);
                m.put("expected", expected.sum());
                Reconnecting u = reconnecting.get(user);
                m.put("reconnecting", u != null);
                m.put("connectedAtEnd", openAtEnd.contains(user) || (u != null && u.c != null && u.c.isOpen()));
                if (u != null) {
                    m.put("syncedAtEnd", u.syncedAtEnd);
                    m.put("abortedLeaves", u.abortedLeaves);
                    m.put("failure", u.failure);
                }
                out.add(m);
            }
        });
        out.sort((a, b) -> Long.compare((Long) b.get("missing"), (Long) a.get("missing")));
        return out;
    }

    /** Connect attempts that timed out and were CONNECTED later (then ended), and those whose end had to abort. */
    private final AtomicLong lateConnects = new AtomicLong();
    private final AtomicLong lateAborted = new AtomicLong();

    /**
     * The ack mode of the reconnecting users' queue subscription: {@code client} (the default: they
     * ACK what they have handled, as a client that must not lose a message across a dropped socket
     * does) or {@code auto} (a completed write counts as received, PROTOCOL.md §6).
     */
    private volatile String reconnectingAck = "auto";

    /** Deliveries a reconnecting user got again from a sync after coming back (PROTOCOL.md allows them). */
    private final AtomicLong repeatedBySync = new AtomicLong();

    /**
     * A soak user that keeps leaving and coming back on the same device: online for the cycle,
     * DISCONNECT (with a receipt: nothing is delivered after it), away, then CONNECT, SUBSCRIBE and
     * chat.sync until nothing more is waiting. The seqs it has are kept over its connections.
     */
    private final class Reconnecting {
        static final String DEVICE = "soak";

        private final String userId;
        private final SeqsSeen seen = new SeqsSeen();
        private final CountDownLatch stop;
        private volatile BenchConnection c;
        volatile long reconnects;
        volatile long syncPages;
        /** Leaves that had to abort the socket: the server's last writes may be unread (not a server loss). */
        volatile long abortedLeaves;
        /** Whether the last sync, after everything was sent, completed. */
        volatile boolean syncedAtEnd;
        volatile String failure;

        Reconnecting(BenchConnection c, CountDownLatch stop) {
            this.userId = c.userId;
            this.stop = stop;
            attach(c);
        }

        private void attach(BenchConnection conn) {
            c = conn;
            conn.deliveries = (cc, f) -> deliveredAgain(this, cc, f);
        }

        /** Cycles until stopped, then ends online and synced. */
        void run(long firstLeaveMillis, long onlineMillis, long awayMillis) {
            try {
                long online = firstLeaveMillis;
                while (!stop.await(online, TimeUnit.MILLISECONDS)) {
                    online = onlineMillis;
                    BenchConnection leaving = c;
                    c = null;
                    long t0 = System.nanoTime();
                    if (!leaving.disconnect(60).join()) {
                        abortedLeaves++;
                    } else {
                        stats.record("disconnect", (System.nanoTime() - t0) / 1000);
                    }
                    open.remove(leaving);
                    stop.await(awayMillis, TimeUnit.MILLISECONDS);
                    comeBack();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                stats.add(Stats.Count.ERRORS);
                stats.note(userId + " reconnecting: " + e);
                failure = String.valueOf(e);
            }
            // the end: online and synced, whatever went wrong in the cycles (a few tries)
            for (int attempt = 0; attempt < 3 && !syncedAtEnd; attempt++) {
                try {
                    if (c == null || !c.isOpen()) {
                        c = null;
                        comeBack();
                    }
                    sync(); // nothing should be left; a last look costs one page
                    syncedAtEnd = true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    failure = String.valueOf(e);
                }
            }
        }

        private void comeBack() throws Exception {
            while (c == null) {
                try {
                    // counted from CONNECTED on, even if this attempt times out and is ended
                    attach(connect(List.of(userId), DEVICE, (cc, f) -> deliveredAgain(this, cc, f), QUEUE).get(0));
                } catch (IllegalStateException e) {
                    // counted as a connect failure: try again shortly
                    TimeUnit.SECONDS.sleep(1);
                    continue;
                }
                reconnects++;
                sync();
            }
        }

        private void sync() throws Exception {
            boolean more = true;
            while (more) {
                StompText.Frame receipt = c.request("SEND", "{\"limit\":500}", "destination", "/app/chat.sync",
                        "content-type", "application/json").get(300, TimeUnit.SECONDS);
                syncPages++;
                more = "true".equals(receipt.header("im-sync-more"));
            }
        }
    }

    /**
     * A delivery to a reconnecting user: counted once per seq, however it came (live or by sync), and
     * ACKed when its subscription takes client acks (after it is counted, as an app ACKs what it has
     * stored).
     */
    private void deliveredAgain(Reconnecting u, BenchConnection from, StompText.Frame f) {
        String ackId = f.header("ack");
        if (ackId != null) {
            try {
                countDelivery(u, f);
            } finally {
                from.send(StompText.frame("ACK", null, "id", ackId));
            }
            return;
        }
        countDelivery(u, f);
    }

    private void countDelivery(Reconnecting u, StompText.Frame f) {
        String body = f.body();
        String content = StompText.jsonString(body, "content");
        if (content == null || !content.startsWith(marker)) {
            return;
        }
        long now = System.nanoTime();
        if (!u.seen.add(StompText.jsonString(body, "conversationId"), StompText.jsonLong(body, "seq"))) {
            repeatedBySync.incrementAndGet();
            return;
        }
        stats.add(Stats.Count.DELIVERED);
        if (perUser) {
            countSingle(singleDelivered, u.userId);
        }
        int end = content.indexOf('|', marker.length());
        long due = Long.parseLong(content.substring(marker.length(), end));
        if (due >= measureFrom) {
            // from the send's due time, including any time the user was away
            stats.record("reconnecting", (now - due) / 1000);
        }
    }

    /** A backlog of K messages, then one user reconnects and pulls it with chat.sync pages. */
    private void sync(Map<String, Object> r) throws Exception {
        int backlog = o.integer("backlog", 10_000);
        int senderCount = o.integer("senders", 10);
        String target = "u" + run + "_sync";
        String device = "bench";
        // first visit: the user exists and its device cursor starts here
        BenchConnection first = connect(List.of(target), device, QUEUE).get(0);
        first.disconnect(10).join();
        open.remove(first);
        List<BenchConnection> senders = connect(users(0, senderCount), null, QUEUE);
        long fillStart = System.nanoTime();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        Semaphore window = new Semaphore(100 * senderCount);
        for (int i = 0; i < backlog; i++) {
            window.acquire();
            BenchConnection s = senders.get(i % senderCount);
            CompletableFuture<StompText.Frame> f = s.request("SEND", body(target, "SINGLE", System.nanoTime()),
                    "destination", "/app/chat.send", "content-type", "application/json");
            stats.add(Stats.Count.SENT);
            pending.add(f.whenComplete((x, e) -> {
                window.release();
                if (e == null) {
                    stats.add(Stats.Count.RECEIPTS);
                    stats.add(Stats.Count.EXPECTED);
                } else {
                    stats.add(Stats.Count.SEND_FAILURES);
                }
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                .get(o.integer("drain", 15) + backlog / 100L, TimeUnit.SECONDS);
        r.put("fillPerSecond", Math.round(backlog / ((System.nanoTime() - fillStart) / 1e9)));
        // the reconnect: count the messages it pulls, and the time until the last page's RECEIPT
        measureFrom = 0;
        long t0 = System.nanoTime();
        BenchConnection again = connect(List.of(target), device, QUEUE).get(0);
        again.deliveries = (cc, f) -> delivered(cc, f, null);
        long t1 = System.nanoTime();
        int pages = 0;
        boolean more = true;
        while (more) {
            StompText.Frame receipt = again.request("SEND", "{\"limit\":500}", "destination", "/app/chat.sync",
                    "content-type", "application/json").get(60, TimeUnit.SECONDS);
            pages++;
            more = "true".equals(receipt.header("im-sync-more"));
        }
        long t2 = System.nanoTime();
        stats.take();
        r.put("backlog", backlog);
        r.put("syncPages", pages);
        r.put("syncMs", Math.round((t2 - t0) / 1e5) / 10.0);
        r.put("pullMs", Math.round((t2 - t1) / 1e5) / 10.0);
        r.put("messagesPerSecond", Math.round(backlog / ((t2 - t1) / 1e9)));
    }

    // ---- sending and measuring

    /** How single-chat senders pick their peers: {@code random} (the default), {@code zipf} or {@code fixed}. */
    private String pairs() {
        return o.str("pairs", "random");
    }

    /**
     * One send between two users. {@code --pairs random} (the default): every send picks a new pair
     * uniformly among the connected users, the shape of real traffic (very many quiet conversations:
     * most messages go to a conversation that has not been written to for a while). {@code zipf}: the
     * sender and the receiver are drawn by a Zipf law over the users (exponent 1), so a few users, and
     * a few pairs, are hot and there is a long tail. {@code fixed}: users paired at random once, as
     * people who only ever chat with each other (every conversation hot: the friendly case).
     */
    private void sendSingle(List<BenchConnection> conns, long due) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int n = conns.size();
        int from;
        int to;
        if (partner != null) {
            from = rnd.nextInt(n);
            to = partner[from];
        } else if (zipf != null) {
            from = zipf.next(rnd);
            do {
                to = zipf.next(rnd);
            } while (to == from);
        } else {
            from = rnd.nextInt(n);
            to = rnd.nextInt(n - 1);
            if (to >= from) {
                to++;
            }
        }
        send(conns.get(from), conns.get(to).userId, "SINGLE", 1, due);
    }

    /** Pairs the connections at random (an odd one out talks to the first of the last pair). */
    private void pair(int n) {
        if ("zipf".equals(pairs()) && n >= 2) {
            zipf = new Zipf(n);
            return;
        }
        if (!"fixed".equals(pairs()) || n < 2) {
            return;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order);
        partner = new int[n];
        for (int i = 0; i + 1 < n; i += 2) {
            partner[order.get(i)] = order.get(i + 1);
            partner[order.get(i + 1)] = order.get(i);
        }
        if (n % 2 == 1) {
            partner[order.get(n - 1)] = order.get(n - 3);
        }
    }

    /** Draws 0..n-1 with probability proportional to 1/(rank+1), by binary search over the cumulative weights. */
    static final class Zipf {
        private final double[] cumulative;

        Zipf(int n) {
            cumulative = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += 1.0 / (i + 1);
                cumulative[i] = sum;
            }
        }

        int next(ThreadLocalRandom rnd) {
            double x = rnd.nextDouble() * cumulative[cumulative.length - 1];
            int i = java.util.Arrays.binarySearch(cumulative, x);
            return i >= 0 ? i : Math.min(-i - 1, cumulative.length - 1);
        }
    }

    private void sendGroup(List<BenchConnection> members, String groupId, int size, long due) {
        send(members.get(ThreadLocalRandom.current().nextInt(members.size())), groupId, "GROUP", size, due);
    }

    private void send(BenchConnection from, String toId, String chatType, int fanout, long due) {
        long unanswered = stats.get(Stats.Count.SENT) - stats.get(Stats.Count.RECEIPTS)
                - stats.get(Stats.Count.SEND_FAILURES) - stats.get(Stats.Count.BUSY);
        if (unanswered >= maxOutstanding) {
            // saturated: queueing more only grows the server's backlog (and the next run's noise)
            stats.add(Stats.Count.SKIPPED);
            return;
        }
        stats.add(Stats.Count.SENT);
        if (peer) {
            from.send(StompText.frame("SEND", body(toId, chatType, due), "destination", "/app/chat.send",
                    "content-type", "application/json"));
            stats.add(Stats.Count.RECEIPTS); // nothing else will answer it
            stats.add(Stats.Count.EXPECTED, fanout);
            return;
        }
        from.request("SEND", body(toId, chatType, due), "destination", "/app/chat.send",
                "content-type", "application/json").whenComplete((receipt, e) -> {
                    if (e instanceof BenchConnection.Busy) {
                        return; // answered: counted as BUSY when it arrived
                    }
                    if (e != null) {
                        stats.add(Stats.Count.SEND_FAILURES);
                        return;
                    }
                    long now = System.nanoTime();
                    stats.add(Stats.Count.RECEIPTS);
                    stats.add(Stats.Count.EXPECTED, fanout);
                    if (perUser && "SINGLE".equals(chatType)) {
                        countSingle(singleExpected, toId);
                    }
                    Recorder[] series = perSecond;
                    if (series != null) {
                        long second = (due - seriesFrom) / 1_000_000_000L;
                        if (second >= 0 && second < series.length) {
                            series[(int) second].recordValue(Math.max(0, (now - due) / 1000));
                        }
                    }
                    if (due >= measureFrom) {
                        stats.record("receipt", (now - due) / 1000);
                        windowReceipts.incrementAndGet();
                        lastReceipt.accumulateAndGet(now, Math::max);
                    }
                });
    }

    /** A send body of the seed's shape; the content carries the due time, and pads the frame to ~200 bytes. */
    private String body(String toId, String chatType, long due) {
        return "{\"messageId\":\"" + run + "-" + messageIds.incrementAndGet()
                + "\",\"toId\":\"" + toId + "\",\"chatType\":\"" + chatType + "\",\"msgType\":\"TEXT\",\"content\":\""
                + marker + due + "|hello from the load generator\"}";
    }

    private void delivered(BenchConnection c, StompText.Frame f, String histogram) {
        String body = f.body();
        String content = StompText.jsonString(body, "content");
        if (content == null || !content.startsWith(marker)) {
            return;
        }
        long now = System.nanoTime();
        int end = content.indexOf('|', marker.length());
        long due = Long.parseLong(content.substring(marker.length(), end));
        String conversation = StompText.jsonString(body, "conversationId");
        long seq = StompText.jsonLong(body, "seq");
        stats.add(Stats.Count.DELIVERED);
        // the peer's messages carry no conversation or seq: nothing to check duplicates by
        Long before = conversation == null ? null : c.lastSeq.get(conversation);
        if (conversation != null && before != null && seq <= before) {
            stats.add(Stats.Count.DUPLICATES);
            stats.note("duplicate " + conversation + " seq " + seq + " on " + c.userId);
        } else if (conversation != null) {
            c.lastSeq.put(conversation, seq);
            if (perUser && "single".equals(histogram)) {
                countSingle(singleDelivered, c.userId);
            }
        }
        if (histogram != null && due >= measureFrom) {
            stats.record(histogram, (now - due) / 1000);
            if (peer) {
                // no RECEIPT from the peer: its achieved rate is what it delivered in the window
                windowReceipts.incrementAndGet();
                lastReceipt.accumulateAndGet(now, Math::max);
            }
        }
    }

    /** Offers {@code rate} sends/s for warm-up + duration, then waits for the outstanding deliveries. */
    private void load(Map<String, Object> r, double rate, LongConsumer sendOne) throws InterruptedException {
        int warmup = warmup();
        // overload offers more than the server can take on purpose: the server's bounded queues, not the
        // generator, must hold the backlog back (SERVER_BUSY)
        int defaultOutstanding = "overload".equals(o.scenario()) ? Integer.MAX_VALUE : (int) Math.max(1000, rate / 2);
        maxOutstanding = o.integer("max-outstanding", defaultOutstanding);
        long start = System.nanoTime();
        measureFrom = start + warmup * 1_000_000_000L;
        Thread warm = new Thread(() -> {
            LockSupport.parkNanos(warmup * 1_000_000_000L);
            stats.reset();
        }, "warm-up");
        warm.start();
        pace(rate, warmup + seconds(), sendOne);
        warm.join();
        long sendEnd = System.nanoTime();
        drain();
        stats.take();
        double window = Math.max(seconds(), (lastReceipt.get() - measureFrom) / 1e9);
        r.put("duration", seconds());
        r.put("warmup", warmup);
        r.put("achievedRate", Math.round(windowReceipts.get() / window));
        r.put("sendSeconds", Math.round((sendEnd - start) / 1e8) / 10.0);
        r.put("saturated", stats.get(Stats.Count.SKIPPED) > 0);
    }

    /** Warm-up seconds before the measured window: 5, or none for cold (its start is what it measures). */
    private int warmup() {
        return o.integer("warmup", "cold".equals(o.scenario()) ? 0 : 5);
    }

    private int seconds() {
        return o.integer("duration", 10);
    }

    private static void pace(double rate, int seconds, LongConsumer sendOne) {
        long start = System.nanoTime();
        long total = (long) (rate * seconds);
        double period = 1e9 / rate;
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * period);
            long wait = due - System.nanoTime();
            if (wait > 20_000) {
                LockSupport.parkNanos(wait);
            }
            sendOne.accept(due);
        }
    }

    /** Waits until every send has its RECEIPT (or failed) and every expected delivery arrived, or the drain time. */
    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + o.integer("drain", 15) * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            long answered = stats.get(Stats.Count.RECEIPTS) + stats.get(Stats.Count.SEND_FAILURES)
                    + stats.get(Stats.Count.REJECTIONS);
            long unique = stats.get(Stats.Count.DELIVERED) - stats.get(Stats.Count.DUPLICATES);
            if (answered >= stats.get(Stats.Count.SENT) && unique >= stats.get(Stats.Count.EXPECTED)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    // ---- connecting

    private List<String> users(int from, int to) {
        String prefix = o.str("user-prefix", "u" + run);
        List<String> ids = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            ids.add(prefix + "_" + i);
        }
        return ids;
    }

    /**
     * Connects the users (paced, at most --connect-concurrency attempts in flight), subscribes each to
     * the destinations and to its error queue, and returns the connections that made it.
     */
    private List<BenchConnection> connect(List<String> userIds, String deviceId, String... destinations)
            throws InterruptedException {
        return connect(userIds, deviceId, null, destinations);
    }

    /**
     * As {@link #connect(List, String, String...)}, with {@code early} (if not null) handling the
     * deliveries from the moment CONNECTED arrives. An attempt that times out is not left open: when
     * its CONNECTED comes late, it is ended with DISCONNECT (the server counts what it wrote to a
     * connection as received, so a socket left open would take messages that nobody reads; with
     * {@code early} set they are still counted).
     */
    private List<BenchConnection> connect(List<String> userIds, String deviceId, BenchConnection.Deliveries early,
            String... destinations) throws InterruptedException {
        Semaphore inFlight = new Semaphore(o.integer("connect-concurrency", 200));
        double connectRate = o.number("connect-rate", 0);
        List<BenchConnection> made = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        int base = open.size();
        for (int i = 0; i < userIds.size(); i++) {
            if (connectRate > 0) {
                long wait = start + (long) (i * 1e9 / connectRate) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            inFlight.acquire();
            int n = base + i;
            String userId = userIds.get(i);
            URI uri = URI.create("ws://" + targets.get(n % targets.size()) + "/ws/im");
            long t0 = System.nanoTime();
            CompletableFuture<BenchConnection> opened = BenchConnection.open(clients.get(n % clients.size()), uri,
                    userId, sigs.mint(userId), deviceId, stats, early);
            opened.thenCompose(c -> {
                        c.send(StompText.frame("SUBSCRIBE", null, "id", "errors", "destination", "/user/queue/errors"));
                        if (peer) {
                            // no RECEIPT to wait for: the subscriptions are in place once written, in order
                            for (int d = 0; d < destinations.length; d++) {
                                c.send(StompText.frame("SUBSCRIBE", null, "id", "s" + d, "destination", destinations[d]));
                            }
                            return CompletableFuture.completedFuture(c);
                        }
                        List<CompletableFuture<StompText.Frame>> subs = new ArrayList<>();
                        for (int d = 0; d < destinations.length; d++) {
                            // the soak's reconnecting users may take their queue with client acks
                            String ack = Reconnecting.DEVICE.equals(deviceId) && QUEUE.equals(destinations[d])
                                    ? reconnectingAck : "auto";
                            subs.add(c.subscribe("s" + d, destinations[d], ack));
                        }
                        return CompletableFuture.allOf(subs.toArray(CompletableFuture[]::new)).thenApply(x -> c);
                    })
                    .orTimeout(60, TimeUnit.SECONDS)
                    .whenComplete((c, e) -> {
                        if (e != null) {
                            stats.add(Stats.Count.CONNECT_FAILURES);
                            stats.note("connect " + userId + ": " + e);
                            opened.thenAccept(late -> {
                                lateConnects.incrementAndGet();
                                late.disconnect(60).thenAccept(clean -> {
                                    if (!clean) {
                                        lateAborted.incrementAndGet();
                                        stats.note("late connection of " + userId + " aborted");
                                    }
                                });
                            });
                        } else {
                            stats.record("connect", (System.nanoTime() - t0) / 1000);
                            made.add(c);
                            open.add(c);
                        }
                        inFlight.release();
                    });
        }
        inFlight.acquire(o.integer("connect-concurrency", 200));
        if (made.size() < userIds.size()) {
            System.err.println("connected " + made.size() + " of " + userIds.size());
        }
        if (made.isEmpty()) {
            throw new IllegalStateException("no connection: " + stats.notes());
        }
        // sessions are sorted back into user order so group members and senders are stable
        List<BenchConnection> sorted = new ArrayList<>(made);
        sorted.sort(java.util.Comparator.comparingInt(c -> userIds.indexOf(c.userId)));
        return sorted;
    }

    /** Disconnects every connection (the server closes the sockets), waiting up to 30 s. */
    @Override
    public void close() {
        List<CompletableFuture<Boolean>> closing = new ArrayList<>();
        synchronized (open) {
            open.forEach(c -> closing.add(c.disconnect(30)));
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(35, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // aborted by then anyway
        }
        callbacks.shutdownNow();
    }

    /** The human summary printed before the JSON line. */
    static String summary(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("== %s %s: %s%n", r.get("scenario"), r.get("label"),
                Boolean.TRUE.equals(r.get("ok")) ? "OK" : "FAILED"));
        for (String k : List.of("users", "connected", "connectPerSecond", "groupSize", "rate", "achievedRate",
                "saturated", "backlog", "syncMs", "pullMs", "reconnecting", "reconnects", "sent", "skipped", "receipts",
                "expected", "delivered", "duplicates", "repeatedBySync", "lost", "unanswered", "errors", "rejections",
                "send_failures", "connect_failures", "closed", "heapMbStart", "heapMbEnd", "fdsStart", "fdsEnd",
                "threadsStart", "threadsEnd")) {
            if (r.containsKey(k)) {
                sb.append(String.format("  %-18s %s%n", k, r.get(k)));
            }
        }
        Object lat = r.get("latencyMs");
        if (lat instanceof Map<?, ?> m) {
            m.forEach((k, v) -> sb.append(String.format("  latency %-10s %s%n", k, ((JsonOut.Raw) v).json())));
        }
        Object notes = r.get("notes");
        if (notes instanceof List<?> l && !l.isEmpty()) {
            l.forEach(n -> sb.append("  note: ").append(n).append('\n'));
        }
        return sb.toString();
    }

}
