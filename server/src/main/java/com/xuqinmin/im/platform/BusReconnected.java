package com.xuqinmin.im.platform;

/**
 * Redis came back after an outage, on this node ({@code node} is this node's id) or on another one:
 * what was published meanwhile never reached some nodes, so their sessions must be caught up from the
 * database. Fired asynchronously: nothing waits for the catch-up.
 */
public record BusReconnected(String node) {
}
