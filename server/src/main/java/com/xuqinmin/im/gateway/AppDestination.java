package com.xuqinmin.im.gateway;

import jakarta.json.JsonObject;

/**
 * Handles the SENDs to one application destination ({@code /app/chat.*}, PROTOCOL.md §3).
 * {@link SendHandler} finds each bean by its destination, applies the SEND rate limit, parses the
 * JSON body and turns an {@code ImException} into a rejection; the handler answers the RECEIPT.
 */
public interface AppDestination {

    /** One SEND as a destination sees it: its body, its {@code receipt} header and the body's {@code messageId}. */
    record Send(String destination, JsonObject body, String receipt, String messageId) {
    }

    /** The destination, e.g. {@code /app/chat.send}. */
    String destination();

    /** Handles a SEND from a CONNECTED session, on its inbound thread. */
    void handle(Connection c, Send send);
}
