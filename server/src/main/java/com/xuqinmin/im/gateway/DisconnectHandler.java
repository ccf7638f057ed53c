package com.xuqinmin.im.gateway;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.websocket.CloseReason;
import java.util.Set;

/** DISCONNECT: open transactions are dropped, the RECEIPT (if asked for) goes out, then the socket closes. */
@ApplicationScoped
public class DisconnectHandler implements CommandHandler {

    @Override
    public Set<Command> commands() {
        return Set.of(Command.DISCONNECT);
    }

    @Override
    public void handle(Connection c, Frame f) {
        c.transactions().clear();
        String receipt = f.header("receipt");
        c.closeAfter(receipt == null ? null : Frame.builder(Command.RECEIPT).header("receipt-id", receipt).build(),
                new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "disconnect"));
    }
}
