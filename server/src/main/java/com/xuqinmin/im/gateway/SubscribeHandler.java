package com.xuqinmin.im.gateway;

import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.group.Memberships;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * SUBSCRIBE, PROTOCOL.md §3: the personal queues, or a group's topic for its members only. The
 * subscription is routed by app and user (or group), so apps and users never see each other's traffic.
 */
@ApplicationScoped
public class SubscribeHandler implements CommandHandler {

    @Inject
    SessionRegistry registry;

    @Inject
    Memberships groups;

    @Inject
    Replies replies;

    @Inject
    ImConfig config;

    @Override
    public Set<Command> commands() {
        return Set.of(Command.SUBSCRIBE);
    }

    @Override
    public void handle(Connection c, Frame f) {
        String id = Replies.required(f, "id");
        String destination = Replies.required(f, "destination");
        String receipt = f.header("receipt");
        Subscription.AckMode ack = Subscription.AckMode.of(f.header("ack"));
        if (ack == null) {
            throw new ImException(ErrorCode.MALFORMED_FRAME, "ack must be auto, client or client-individual");
        }
        if (c.subscriptions().get(id) != null) {
            throw new ImException(ErrorCode.MALFORMED_FRAME, "subscription id " + id + " is already in use");
        }
        Identity who = c.identity();
        String route;
        int queue = Destinations.USER_QUEUES.indexOf(destination);
        if (queue >= 0) {
            // the shared constant, not the frame's copy: an idle session keeps its subscriptions
            destination = Destinations.USER_QUEUES.get(queue);
            route = Destinations.userRoute(who.appKey(), who.userId(), destination);
        } else if (destination.startsWith(Destinations.GROUP_PREFIX)) {
            String groupId = destination.substring(Destinations.GROUP_PREFIX.length());
            if (!Ids.valid(groupId) || groups.member(who.appKey(), groupId, who.userId()).isEmpty()) {
                replies.reject(c, new ImException(ErrorCode.NOT_GROUP_MEMBER, "not a member of group " + groupId), null,
                        destination, receipt, id);
                return;
            }
            route = Destinations.groupRoute(who.appKey(), groupId);
        } else {
            throw new ImException(ErrorCode.UNKNOWN_DESTINATION, "no such destination: " + destination);
        }
        if (c.subscriptions().count() >= config.subscriptionsMax()) {
            replies.reject(c, new ImException(ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    "at most " + config.subscriptionsMax() + " subscriptions per session"), null, destination, receipt, id);
            return;
        }
        if (c.subscriptions().add(new Subscription(id, destination, ack, route))) {
            registry.subscribed(c, route);
        }
        replies.receipt(c, receipt);
    }
}
