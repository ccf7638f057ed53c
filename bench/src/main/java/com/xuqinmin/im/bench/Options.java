package com.xuqinmin.im.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The load generator's command line: {@code --name value} pairs; {@link #USAGE} lists them. */
final class Options {

    static final String USAGE = """
            usage: LoadGen --scenario idle|single|overload|group|sync|mixed|cold|soak [options]
              --hosts 127.0.0.1[,127.0.0.2|127.0.0.1-8]  server addresses; connections are spread over
              --ports 9080[,9081]        hosts x ports (more 4-tuples than one address's ephemeral ports)
              --app-key K --secret S | --secret-file F   the app to load (default ak_demo_chat)
              --target im|peer           peer: the original design's Spring server (no RECEIPTs: only
                                         deliveries are measured; single chat only)
              --new-app                  register a tenant and create an app (production mode)
              --print-app                only print "appKey secret" of that app and stop
              --users N                  connected users (default 100)
              --user-prefix P            user ids P_0..P_N-1 (default: this run's own prefix); cold: the
                                         prefix ColdSeed stored the history of
              --rate R                   messages/s offered in total (single, group, mixed; soak: single)
              --pairs random|zipf|fixed  single: a new uniformly random pair per message (default: very
                                         many quiet conversations), Zipf-drawn users (a few hot, a long
                                         tail), or users paired once (every conversation hot)
                                         overload: single sends past saturation; SERVER_BUSY answers are
                                         counted (busy), not failures, and the generator never holds back
              --group-rate R             group messages/s in mixed and soak (default rate/10)
              --group-size G             group members, all online (group, mixed, soak; default 100)
              --reconnecting K           soak: users besides --users that keep leaving and coming back
                                         on the same device, catching up with chat.sync (default users/10)
              --cycle S --offline S      soak: seconds online between two departures (60), seconds away (20)
              --sample S                 soak: seconds between two samples of the server (default 30)
              --server-pid-file F        soak: the server's pid file (a server on this machine): its live
                                         heap (jcmd GC.class_histogram), open files and threads are sampled
              --jcmd PATH                soak: the jcmd that can attach to the server (default: this JDK's)
              --backlog K                messages waiting for the sync user (default 10000)
              --senders S                connections filling the backlog (default 10)
              --duration S --warmup S    measured seconds and warm-up seconds before them
              --hold S                   idle: seconds to hold the connections (default 10)
              --steps 1000,5000,...      idle: connection counts at which to call --step-hook
              --step-hook CMD            idle: a command whose stdout (a number) is recorded per step
              --connect-concurrency C    connection attempts in flight (default 200)
              --connect-rate R           connection attempts per second (default 0: unpaced)
              --clients N                JDK HttpClients (selector threads) to spread sockets over
              --max-outstanding N        sends without an answer before the generator skips sends
                                         (the server is saturated; default 0.5 s of the rate)
              --drain S                  seconds to wait for outstanding deliveries (default 15)
              --label L                  free text copied into the result (mode, run number)
              --out FILE                 append the JSON result line to FILE
            """;

    final Map<String, String> values = new LinkedHashMap<>();

    static Options parse(String... args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected " + a + "\n" + USAGE);
            }
            String name = a.substring(2);
            if (name.equals("new-app") || name.equals("print-app") || name.equals("help")) {
                o.values.put(name, "true");
            } else if (i + 1 < args.length) {
                o.values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
            }
        }
        return o;
    }

    String str(String name, String def) {
        return values.getOrDefault(name, def);
    }

    int integer(String name, int def) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : def;
    }

    double number(String name, double def) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : def;
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String scenario() {
        return str("scenario", "single");
    }

    /** Every host x port, each a ws:// base for the WebSocket and http:// for the API. */
    List<String> targets() {
        List<String> out = new ArrayList<>();
        for (String h : hosts()) {
            for (String p : str("ports", "9080").split(",")) {
                out.add(h + ":" + p.strip());
            }
        }
        return out;
    }

    private List<String> hosts() {
        List<String> out = new ArrayList<>();
        for (String h : str("hosts", "127.0.0.1").split(",")) {
            h = h.strip();
            int dash = h.lastIndexOf('-');
            int dot = h.lastIndexOf('.');
            if (dash > dot && dot > 0) {
                // 127.0.0.1-8: a range in the last octet
                String prefix = h.substring(0, dot + 1);
                int from = Integer.parseInt(h.substring(dot + 1, dash));
                int to = Integer.parseInt(h.substring(dash + 1));
                for (int i = from; i <= to; i++) {
                    out.add(prefix + i);
                }
            } else {
                out.add(h);
            }
        }
        return out;
    }

    ServerApi.App app(ServerApi api) throws java.io.IOException {
        if (flag("new-app")) {
            return api.newTenantApp();
        }
        String secret = values.get("secret");
        if (secret == null && values.containsKey("secret-file")) {
            secret = Files.readString(Path.of(values.get("secret-file"))).strip();
        }
        if (secret == null) {
            throw new IllegalArgumentException("give --secret, --secret-file or --new-app\n" + USAGE);
        }
        return new ServerApi.App(str("app-key", "ak_demo_chat"), secret);
    }
}
