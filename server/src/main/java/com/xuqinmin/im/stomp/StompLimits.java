package com.xuqinmin.im.stomp;

/**
 * The size limits one {@link StompParser} enforces, so that a peer cannot make the server buffer
 * or allocate more than this per connection.
 *
 * @param maxFrameBytes the most bytes one frame may have, counted from the first byte of its
 *     command line up to and including its terminating NUL (heart-beat EOLs between frames are
 *     not counted)
 * @param maxHeaders the most header lines one frame may have, repeated headers included
 */
public record StompLimits(int maxFrameBytes, int maxHeaders) {

    /** 64 KiB frames with at most 64 headers, the defaults of the client protocol. */
    public static final StompLimits DEFAULT = new StompLimits(65536, 64);

    public StompLimits {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        if (maxHeaders < 0) {
            throw new IllegalArgumentException("maxHeaders must not be negative: " + maxHeaders);
        }
    }
}
