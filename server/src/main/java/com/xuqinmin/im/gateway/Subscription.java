package com.xuqinmin.im.gateway;

/** One SUBSCRIBE of a connection: its id, destination, ack mode and the registry key it is routed by. */
public record Subscription(String id, String destination, AckMode ack, String routeKey) {

    /** The three ack modes of STOMP 1.2. */
    public enum AckMode {
        AUTO("auto"), CLIENT("client"), CLIENT_INDIVIDUAL("client-individual");

        private final String header;

        AckMode(String header) {
            this.header = header;
        }

        public String header() {
            return header;
        }

        /** The mode named by an {@code ack} header ({@code null} means auto), or {@code null} if unknown. */
        public static AckMode of(String header) {
            if (header == null) {
                return AUTO;
            }
            for (AckMode m : values()) {
                if (m.header.equals(header)) {
                    return m;
                }
            }
            return null;
        }
    }
}
