package com.xuqinmin.im.delivery;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Deliveries as JSON on the Redis bus, each wrapped with the publishing node and the time it was
 * published (for the bus-lag metric). Plain Java, so its round trip is unit-tested.
 */
public final class DeliveryCodec {

    /** A delivery read from the bus, with where and when it was published. */
    public record Envelope(String node, long publishedAt, Delivery delivery) {
    }

    private DeliveryCodec() {
    }

    public static String encode(String node, long publishedAt, Delivery d) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("node", node).add("at", publishedAt)
                .add("appKey", d.appKey());
        if (d instanceof Delivery.MessageEvent e) {
            b.add("type", "message").add("conversationId", e.conversationId()).add("group", e.group())
                    .add("fromId", e.fromId()).add("toId", e.toId()).add("seq", e.seq())
                    .add("revoke", e.revoke()).add("json", e.json()).add("createdAt", e.createdAt());
            optional(b, "originSession", e.originSession());
        } else if (d instanceof Delivery.Notice n) {
            JsonArrayBuilder users = Json.createArrayBuilder();
            n.userIds().forEach(users::add);
            b.add("type", "notice").add("userIds", users).add("json", n.json());
            optional(b, "originSession", n.originSession());
        } else if (d instanceof Delivery.Kick k) {
            b.add("type", "kick").add("userId", k.userId()).add("reason", k.reason());
        } else if (d instanceof Delivery.LeftGroup l) {
            b.add("type", "leftGroup").add("groupId", l.groupId()).add("userId", l.userId());
        } else if (d instanceof Delivery.GroupDismissed g) {
            b.add("type", "groupDismissed").add("groupId", g.groupId());
        } else if (d instanceof Delivery.AppChanged a) {
            b.add("type", "appChanged").add("disabled", a.disabled());
        } else if (d instanceof Delivery.UserChanged u) {
            b.add("type", "userChanged").add("userId", u.userId());
        }
        return b.build().toString();
    }

    /** Reads what {@link #encode} wrote; throws {@code IllegalArgumentException} on anything else. */
    public static Envelope decode(String text) {
        JsonObject o;
        try (var r = Json.createReader(new StringReader(text))) {
            o = r.readObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a delivery: " + e.getMessage(), e);
        }
        try {
            String app = o.getString("appKey");
            Delivery d = switch (o.getString("type")) {
                case "message" -> new Delivery.MessageEvent(app, o.getString("conversationId"), o.getBoolean("group"),
                        o.getString("fromId"), o.getString("toId"), o.getJsonNumber("seq").longValue(),
                        o.getBoolean("revoke"), o.getString("json"), o.getString("originSession", null),
                        o.getJsonNumber("createdAt").longValue());
                case "notice" -> {
                    List<String> users = new ArrayList<>();
                    for (JsonValue v : o.getJsonArray("userIds")) {
                        users.add(((JsonString) v).getString());
                    }
                    yield new Delivery.Notice(app, users, o.getString("json"), o.getString("originSession", null));
                }
                case "kick" -> new Delivery.Kick(app, o.getString("userId"), o.getString("reason"));
                case "leftGroup" -> new Delivery.LeftGroup(app, o.getString("groupId"), o.getString("userId"));
                case "groupDismissed" -> new Delivery.GroupDismissed(app, o.getString("groupId"));
                case "appChanged" -> new Delivery.AppChanged(app, o.getBoolean("disabled"));
                case "userChanged" -> new Delivery.UserChanged(app, o.getString("userId"));
                default -> throw new IllegalArgumentException("unknown delivery type " + o.getString("type"));
            };
            return new Envelope(o.getString("node"), o.getJsonNumber("at").longValue(), d);
        } catch (NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("incomplete delivery: " + e, e);
        }
    }

    private static void optional(JsonObjectBuilder b, String name, String value) {
        if (value != null) {
            b.add(name, value);
        }
    }
}
