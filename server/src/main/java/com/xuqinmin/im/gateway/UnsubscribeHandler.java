package com.xuqinmin.im.gateway;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/** UNSUBSCRIBE: ends a subscription by its id; an unknown id is a rejection, not a protocol error. */
@ApplicationScoped
public class UnsubscribeHandler implements CommandHandler {

    @Inject
    SessionRegistry registry;

    @Inject
    Replies replies;

    @Override
    public Set<Command> commands() {
        return Set.of(Command.UNSUBSCRIBE);
    }

    @Override
    public void handle(Connection c, Frame f) {
        String id = Replies.required(f, "id");
        Subscription s = c.subscriptions().get(id);
        if (s == null) {
            replies.reject(c, new ImException(ErrorCode.NOT_SUBSCRIBED, "no subscription with id " + id), null, null,
                    f.header("receipt"), id);
            return;
        }
        if (c.removeSubscription(s)) {
            registry.unsubscribed(c, s.routeKey());
        }
        replies.receipt(c, f.header("receipt"));
    }
}
