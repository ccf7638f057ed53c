package com.xuqinmin.im.stomp;

/** The frame of a {@link SharedMessage} for one subscription. */
public record MessageCopy(SharedMessage shared, String subscription, String messageId, boolean ackHeader)
        implements OutboundFrame {

    @Override
    public void appendText(StringBuilder out) {
        shared.append(out, this);
    }

    @Override
    public int textLength() {
        return shared.textLength();
    }
}
