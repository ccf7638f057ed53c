package com.xuqinmin.im.bench.jmh;

import com.xuqinmin.im.chat.ChatType;
import com.xuqinmin.im.chat.Message;
import com.xuqinmin.im.chat.MessageJson;
import com.xuqinmin.im.chat.MsgType;
import com.xuqinmin.im.chat.StoredMessage;
import com.xuqinmin.im.platform.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** The JSON mapping of message bodies: a chat.send body read, and the delivered MESSAGE body written. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonBenchmark {

    private final byte[] sendBody = ("{\"messageId\":\"c-1795633984627-42\",\"toId\":\"demo_bob\",\"chatType\":\"SINGLE\","
            + "\"msgType\":\"TEXT\",\"content\":\"Hello, see you at 10?\"}").getBytes(StandardCharsets.UTF_8);
    private final StoredMessage stored = new StoredMessage("01M8A20D3Q5Y628PXTAGPXKAPN", "c-1795633984627-42",
            "ak_demo_chat", "demo_alice", "demo_bob", ChatType.SINGLE, MsgType.TEXT, "Hello, see you at 10?",
            Message.Status.SENT, 1795633984627L, "s:demo_alice:demo_bob", 42, null, false);

    /** The send body parsed and its fields read, as SendRules does before validating. */
    @Benchmark
    public void readSendBody(Blackhole bh) {
        JsonObject o = Json.parseObject(sendBody);
        bh.consume(Json.string(o, "messageId"));
        bh.consume(Json.requireString(o, "toId"));
        bh.consume(Json.requireString(o, "chatType"));
        bh.consume(Json.requireString(o, "msgType"));
        bh.consume(Json.requireString(o, "content"));
    }

    /** The delivered message's body written. */
    @Benchmark
    public String writeMessageBody() {
        return MessageJson.message(stored);
    }
}
