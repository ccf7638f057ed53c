package com.xuqinmin.im.stomp;

/**
 * A frame the server writes: a {@link Frame}, or a {@link MessageCopy} of a MESSAGE encoded once
 * for many subscriptions. Both write themselves as WebSocket text.
 */
public sealed interface OutboundFrame permits Frame, MessageCopy {

    /**
     * Appends the frame in the STOMP wire format, as text.
     *
     * @throws IllegalArgumentException when the frame cannot be written (see {@link StompEncoder#encodeText(Frame)})
     */
    void appendText(StringBuilder out);

    /** About how many characters {@link #appendText} writes (to bound a batch). */
    int textLength();
}
