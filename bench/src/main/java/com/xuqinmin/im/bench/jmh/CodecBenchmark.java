package com.xuqinmin.im.bench.jmh;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import com.xuqinmin.im.stomp.FrameBatch;
import com.xuqinmin.im.stomp.StompDecoder;
import com.xuqinmin.im.stomp.StompEncoder;
import com.xuqinmin.im.stomp.StompLimits;
import com.xuqinmin.im.stomp.StompParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The server's STOMP codec on the frames that dominate traffic: a typical client SEND (about 200 bytes)
 * parsed, and the MESSAGE delivered for it encoded. One thread: the figures are per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {

    /** A SEND as a client writes it: 200 bytes from the command to the NUL. */
    public static final String SEND = "SEND\ndestination:/app/chat.send\ncontent-type:application/json\nreceipt:r-42\n\n"
            + "{\"messageId\":\"c-1795633984627-42\",\"toId\":\"demo_bob\",\"chatType\":\"SINGLE\","
            + "\"msgType\":\"TEXT\",\"content\":\"Hello, see you at 10?\"}\0";

    static final String MESSAGE_BODY = "{\"id\":\"01M8A20D3Q5Y628PXTAGPXKAPN\",\"messageId\":\"c-1795633984627-42\","
            + "\"fromId\":\"demo_alice\",\"toId\":\"demo_bob\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\","
            + "\"content\":\"Hello, see you at 10?\",\"status\":\"SENT\",\"createdAt\":1795633984627,"
            + "\"conversationId\":\"s:demo_alice:demo_bob\",\"seq\":42}";

    private byte[] sendBytes;
    private StompParser parser;
    private StompDecoder decoder;
    private Frame message;
    private Blackhole hole;

    @Setup
    public void setUp(Blackhole bh) {
        sendBytes = SEND.getBytes(StandardCharsets.UTF_8);
        parser = new StompParser(StompLimits.DEFAULT);
        decoder = new StompDecoder(StompLimits.DEFAULT, 262_144, 262_144);
        message = Frame.builder(Command.MESSAGE).header("destination", "/user/queue/messages")
                .header("subscription", "sub-1").header("message-id", "jdy9nnaaq77nb17q-42")
                .header("content-type", "application/json").body(MESSAGE_BODY).build();
        hole = bh;
    }

    private final StompParser.Sink sink = new StompParser.Sink() {
        @Override
        public void onFrame(Frame frame) {
            hole.consume(frame);
        }

        @Override
        public void onHeartbeat() {
        }
    };

    /** The parser alone, fed the bytes of one SEND. */
    @Benchmark
    public void parseSend() {
        parser.feed(sendBytes, 0, sendBytes.length, sink);
    }

    /** What the endpoint does with a text WebSocket message: UTF-8 encode, limit checks, parse. */
    @Benchmark
    public FrameBatch decodeSendText() {
        return decoder.text(SEND, true);
    }

    /** A MESSAGE for delivery, as bytes. */
    @Benchmark
    public byte[] encodeMessage() {
        return StompEncoder.encode(message);
    }

    /** A MESSAGE for delivery, as the text of a WebSocket message (what the server writes). */
    @Benchmark
    public String encodeMessageText() {
        return StompEncoder.encodeText(message);
    }
}
