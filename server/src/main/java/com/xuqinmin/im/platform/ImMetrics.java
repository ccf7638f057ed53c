package com.xuqinmin.im.platform;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

/**
 * The server's own metrics at {@code /metrics} (MicroProfile Metrics, application scope); the
 * names are listed in docs/configuration.md. Counting never fails a delivery, and on a server
 * without MicroProfile Metrics (no registry to inject) nothing is counted.
 */
@ApplicationScoped
public class ImMetrics {

    @Inject
    Instance<MetricRegistry> registries;

    private MetricRegistry registry;

    private Counter messagesIn;
    private Counter messagesOut;
    private Histogram deliveryLatency;
    private Histogram syncSize;
    private Histogram busLag;
    private Counter busReceived;
    private Counter busPublishFailures;
    private Counter busyRefusals;
    private Counter erased;
    private Counter erasureRuns;

    @PostConstruct
    void start() {
        if (!registries.isResolvable()) {
            return;
        }
        registry = registries.get();
        messagesIn = registry.counter(Metadata.builder().withName("im.messages.in")
                .withDescription("Messages stored by this node").build());
        messagesOut = registry.counter(Metadata.builder().withName("im.messages.out")
                .withDescription("Messages queued to this node's sessions, live or by sync").build());
        deliveryLatency = registry.histogram(Metadata.builder().withName("im.delivery.latency")
                .withDescription("From a message's acceptance to its queueing on a recipient's session")
                .withUnit(MetricUnits.MILLISECONDS).build());
        syncSize = registry.histogram(Metadata.builder().withName("im.sync.size")
                .withDescription("Messages per sync page").build());
        busLag = registry.histogram(Metadata.builder().withName("im.bus.lag")
                .withDescription("From a delivery's publication on another node to its arrival here")
                .withUnit(MetricUnits.MILLISECONDS).build());
        busReceived = registry.counter(Metadata.builder().withName("im.bus.received")
                .withDescription("Deliveries received from other nodes").build());
        busPublishFailures = registry.counter(Metadata.builder().withName("im.bus.publish.failures")
                .withDescription("Deliveries that could not be published to other nodes (Redis away)").build());
        busyRefusals = registry.counter(Metadata.builder().withName("im.lanes.busy")
                .withDescription("Sends, revokes and reads refused with SERVER_BUSY: a lane's queue was full").build());
        erased = registry.counter(Metadata.builder().withName("im.erased.messages")
                .withDescription("Messages whose content this node erased: hard-deleted senders, retention").build());
        erasureRuns = registry.counter(Metadata.builder().withName("im.erasure.runs")
                .withDescription("Runs of the data-deletion job on this node").build());
    }

    /** Registers a gauge read when /metrics is asked. */
    public void gauge(String name, String description, Supplier<Number> value) {
        if (registry == null) {
            return;
        }
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(), value);
    }

    public void erased(long messages) {
        if (registry != null && messages > 0) {
            erased.inc(messages);
        }
    }

    public void erasureRun() {
        if (registry != null) {
            erasureRuns.inc();
        }
    }

    public void messageIn() {
        if (registry != null) {
            messagesIn.inc();
        }
    }

    public void messageOut(long createdAt, boolean live) {
        if (registry == null) {
            return;
        }
        messagesOut.inc();
        if (live && createdAt > 0) {
            deliveryLatency.update(Math.max(0, System.currentTimeMillis() - createdAt));
        }
    }

    public void syncPage(int size) {
        if (registry != null) {
            syncSize.update(size);
        }
    }

    public void busReceived(long publishedAt) {
        if (registry == null) {
            return;
        }
        busReceived.inc();
        busLag.update(Math.max(0, System.currentTimeMillis() - publishedAt));
    }

    public void busyRefusal() {
        if (busyRefusals != null) {
            busyRefusals.inc();
        }
    }

    public void busPublishFailed() {
        if (registry != null) {
            busPublishFailures.inc();
        }
    }
}
