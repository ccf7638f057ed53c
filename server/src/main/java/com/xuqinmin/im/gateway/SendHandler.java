package com.xuqinmin.im.gateway;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * SEND: routes to the {@link AppDestination} bean of its destination, found once in a map. A SEND
 * to anything else is a protocol error; the rate limit, a body that is not a JSON object, and every
 * refusal of the destination (including a database that is down) are rejections that keep the
 * session open (PROTOCOL.md §5).
 */
@ApplicationScoped
public class SendHandler implements CommandHandler {

    @Inject
    @Any
    Instance<AppDestination> destinations;

    @Inject
    Replies replies;

    @Inject
    ImConfig config;

    private final Map<String, AppDestination> byDestination = new HashMap<>();

    @PostConstruct
    void index() {
        for (AppDestination d : destinations) {
            if (byDestination.put(d.destination(), d) != null) {
                throw new IllegalStateException(d.destination() + " has two handlers");
            }
        }
    }

    @Override
    public Set<Command> commands() {
        return Set.of(Command.SEND);
    }

    @Override
    public void handle(Connection c, Frame f) {
        handle(c, f, true);
    }

    /**
     * Handles a SEND; {@code charge} is false for one replayed at its transaction's COMMIT, which paid
     * the rate limit when it was buffered.
     */
    void handle(Connection c, Frame f, boolean charge) {
        String destination = Replies.required(f, "destination");
        String receipt = f.header("receipt");
        AppDestination d = byDestination.get(destination);
        if (d == null) {
            throw new ImException(ErrorCode.UNKNOWN_DESTINATION, "no such destination: " + destination);
        }
        JsonObject body;
        try {
            if (charge && !c.trySend()) {
                throw new ImException(ErrorCode.RATE_LIMITED, "at most " + config.sendRate() + " SEND frames per second, bursts of "
                        + config.sendBurst());
            }
            body = Json.parseObject(f.body());
        } catch (ImException e) {
            replies.reject(c, e, null, destination, receipt, null);
            return;
        }
        String messageId = clientMessageId(body);
        try {
            d.handle(c, new AppDestination.Send(destination, body, receipt, messageId));
        } catch (ImException e) {
            replies.reject(c, e, messageId, destination, receipt, null);
        } catch (RuntimeException e) {
            // a database that is down is the server's trouble, not the client's: refuse the SEND, keep the session
            if (!ImException.databaseDown(e)) {
                throw e;
            }
            replies.reject(c, ImException.of(e), messageId, destination, receipt, null);
        }
    }

    private static String clientMessageId(JsonObject body) {
        try {
            return Json.string(body, "messageId");
        } catch (ImException e) {
            return null;
        }
    }
}
