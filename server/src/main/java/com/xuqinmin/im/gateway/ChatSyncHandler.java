package com.xuqinmin.im.gateway;

import com.xuqinmin.im.chat.SyncPage;
import com.xuqinmin.im.chat.SyncService;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code /app/chat.sync}: writes what the device has not received (one page) to its
 * {@code /user/queue/messages} and, when the session is subscribed to them, the notices it has not
 * received to its {@code /user/queue/notices}, skipping what this session already has, then the
 * RECEIPT with the page's counts and whether more is waiting.
 */
@ApplicationScoped
public class ChatSyncHandler implements AppDestination {

    @Inject
    SyncService syncing;

    @Inject
    SessionRegistry registry;

    @Override
    public String destination() {
        return Destinations.SYNC;
    }

    @Override
    public void handle(Connection c, Send send) {
        if (!c.isSubscribed(Destinations.USER_MESSAGES)) {
            throw new ImException(ErrorCode.NOT_SUBSCRIBED, "subscribe to " + Destinations.USER_MESSAGES
                    + " before syncing: sync results arrive there");
        }
        SyncPage page = syncing.sync(c.identity(), c.deviceId(), send.body(), c::writtenUpTo,
                c.isSubscribed(Destinations.USER_NOTICES));
        registry.deliverSync(c, page);
        if (send.receipt() != null) {
            c.send(Frame.builder(Command.RECEIPT)
                    .header("receipt-id", send.receipt())
                    .header("im-sync-count", Integer.toString(page.messages().size()))
                    .header("im-sync-notices", Integer.toString(page.notices().size()))
                    .header("im-sync-more", Boolean.toString(page.anyMore()))
                    .build());
        }
    }
}
