package com.xuqinmin.im.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** Where a WebSocket close runs (gateway/SocketCloses.java): never inside a write completion. */
class SocketClosesTest {

    private final List<String> closedOn = new ArrayList<>();
    private final List<Runnable> handedOver = new ArrayList<>();
    private final Executor elsewhere = handedOver::add;

    /** A session that records the thread each close runs on (by name) and is open until closed. */
    private Session session() {
        boolean[] open = {true};
        return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isOpen" -> open[0];
                    case "close" -> {
                        open[0] = false;
                        closedOn.add(Thread.currentThread().getName());
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static final CloseReason BYE = new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye");

    @Test
    void a_close_outside_a_write_completion_runs_at_once() {
        Session ws = session();
        SocketCloses.close(ws, BYE, elsewhere);
        assertThat(closedOn).containsExactly(Thread.currentThread().getName());
        assertThat(handedOver).isEmpty();
    }

    @Test
    void a_close_inside_a_write_completion_is_handed_to_another_thread_once_the_handler_returned() {
        Session ws = session();
        SocketCloses.completion(result -> {
            SocketCloses.close(ws, BYE, elsewhere);
            assertThat(handedOver).as("not while the handler runs").isEmpty();
        }).onResult(new SendResult());
        assertThat(closedOn).as("nothing closed on the completing thread").isEmpty();
        assertThat(handedOver).hasSize(1);
        handedOver.get(0).run();
        assertThat(closedOn).hasSize(1);
    }

    @Test
    void after_the_completion_returns_closes_run_at_once_again() {
        Session ws = session();
        SocketCloses.completion(result -> { }).onResult(new SendResult());
        SocketCloses.close(ws, BYE, elsewhere);
        assertThat(closedOn).hasSize(1);
        assertThat(handedOver).isEmpty();
    }

    @Test
    void a_completion_that_throws_still_clears_its_mark() {
        Session ws = session();
        try {
            SocketCloses.completion(result -> {
                throw new IllegalStateException("handler failed");
            }).onResult(new SendResult());
        } catch (IllegalStateException expected) {
            // the container would log it
        }
        SocketCloses.close(ws, BYE, elsewhere);
        assertThat(closedOn).hasSize(1);
    }

    @Test
    void an_executor_that_refuses_leaves_the_close_to_the_caller_rather_than_never() {
        Session ws = session();
        Executor full = r -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        };
        SocketCloses.completion(result -> SocketCloses.close(ws, BYE, full)).onResult(new SendResult());
        assertThat(closedOn).hasSize(1);
    }

    @Test
    void closing_a_closed_session_does_nothing() {
        Session ws = session();
        SocketCloses.close(ws, BYE, elsewhere);
        SocketCloses.close(ws, BYE, elsewhere);
        assertThat(closedOn).hasSize(1);
    }
}
