package com.xuqinmin.im.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the embedded database keeps when the server process dies right after acknowledging: on an
 * H2 file database, a process that commits, waits for {@link DurableCommits#await} and is then halted
 * (no shutdown hook, as {@code kill -9}) has every row when the file is opened again.
 */
class DurableCommitsTest {

    private static final int ROWS = 20_000;

    @TempDir
    Path dir;

    @Test
    void rows_committed_before_await_survive_a_halt_of_the_process() throws Exception {
        String url = "jdbc:h2:" + dir.resolve("db").toAbsolutePath();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), url)
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child finished").isTrue();
        assertThat(Files.readString(dir.resolve("child.log"))).contains("committed " + ROWS);
        assertThat(child.exitValue()).as(Files.readString(dir.resolve("child.log"))).isEqualTo(3);
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(ROWS);
        }
    }

    /** The child: commits rows in small transactions with random keys, awaits, then halts. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(args[0]);
            ds.setUser("sa");
            DurableCommits d = started(ds);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, k VARCHAR(64))");
                s.execute("CREATE INDEX t_k ON t (k)");
                c.setAutoCommit(false);
                java.util.Random rnd = new java.util.Random(7);
                try (var ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                    for (int i = 0; i < ROWS; i++) {
                        ps.setInt(1, i);
                        ps.setString(2, "s:u" + rnd.nextInt(1000) + ":u" + rnd.nextInt(1000) + ":" + i);
                        ps.executeUpdate();
                        if (i % 100 == 99) {
                            c.commit();
                        }
                    }
                }
                c.commit();
                // with the connection still open, as the server's pool keeps it: closing the last one
                // would close the database, which writes everything
                d.await();
                System.out.println("committed " + ROWS);
                System.out.flush();
                Runtime.getRuntime().halt(3);
            }
        }
    }

    /**
     * Callers arriving while a checkpoint runs are all answered by the next one: one checkpoint per
     * wave, not per caller.
     */
    @Test
    void callers_waiting_during_a_checkpoint_share_the_next_one() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:" + dir.resolve("group").toAbsolutePath());
        h2.setUser("sa");
        AtomicInteger checkpoints = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
        DataSource counting = counting(h2, () -> {
            if (armed.get() && checkpoints.incrementAndGet() == 1) {
                firstStarted.countDown();
                await(releaseFirst);
            }
        });
        DurableCommits d = started(counting); // its own first CHECKPOINT (the rights check) not counted
        armed.set(true);
        List<Thread> threads = new ArrayList<>();
        Thread first = new Thread(d::await);
        first.start();
        assertThat(firstStarted.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 7; i++) {
            Thread t = new Thread(d::await);
            threads.add(t);
            t.start();
        }
        while (d.ticketsTaken() < 8) {
            Thread.sleep(5);
        }
        releaseFirst.countDown();
        first.join(30_000);
        for (Thread t : threads) {
            t.join(30_000);
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(checkpoints.get()).as("the first, then one for the seven that came during it").isEqualTo(2);
    }

    private static DurableCommits started(DataSource ds) {
        DurableCommits d = new DurableCommits();
        d.dataSource = ds;
        d.config = new ImConfig() {
            @Override
            public boolean durableCommits() {
                return true;
            }
        };
        d.start();
        assertThat(d.enabled()).isTrue();
        return d;
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A data source whose statements run {@code onCheckpoint} before each CHECKPOINT. */
    private static DataSource counting(DataSource target, Runnable onCheckpoint) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, m, args) -> {
                    Object r = m.invoke(target, args);
                    if (!m.getName().equals("getConnection")) {
                        return r;
                    }
                    Connection c = (Connection) r;
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p2, m2, a2) -> {
                                Object r2 = m2.invoke(c, a2);
                                if (!m2.getName().equals("createStatement")) {
                                    return r2;
                                }
                                Statement st = (Statement) r2;
                                return Proxy.newProxyInstance(Statement.class.getClassLoader(),
                                        new Class<?>[] {Statement.class}, (p3, m3, a3) -> {
                                            if (m3.getName().equals("execute") && a3 != null
                                                    && "CHECKPOINT".equals(a3[0])) {
                                                onCheckpoint.run();
                                            }
                                            return m3.invoke(st, a3);
                                        });
                            });
                });
    }
}
