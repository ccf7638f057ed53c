package com.xuqinmin.im.api;

import com.xuqinmin.im.account.DeviceKeys;
import com.xuqinmin.im.account.PushDevices;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** IM client API: the caller's devices for offline push (docs/api.md, "Offline push"). */
@Path("/im/devices")
@ImUserApi
@RolesAllowed("im-user")
@RequestScoped
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class ImDeviceResource {

    /** {@code {"deviceId","platform":"ios|android|web","pushToken"}}. */
    public record DeviceIn(String deviceId, String platform, String pushToken) {
    }

    @Inject
    PushDevices devices;

    @Inject
    Caller caller;

    @POST
    public Envelope<PushDevices.Device> register(DeviceIn in) {
        DeviceIn d = in == null ? new DeviceIn(null, null, null) : in;
        return caller.ok(devices.register(caller.appKey(), caller.userId(), d.deviceId(), d.platform(), d.pushToken()));
    }

    @GET
    public Envelope<List<PushDevices.Device>> list() {
        return caller.ok(devices.of(caller.appKey(), caller.userId()));
    }

    @Inject
    DeviceKeys keys;

    /**
     * Publishes the device's end-to-end encryption keys (API.md, "End-to-end encryption keys"): its
     * bundle replaces the one it had, its one-time pre-keys are added → how many it has now.
     */
    @PUT
    @Path("{deviceId}/keys")
    public Envelope<DeviceKeys.Supply> publishKeys(@PathParam("deviceId") String deviceId, DeviceKeys.Upload in) {
        return caller.ok(keys.publish(caller.appKey(), caller.userId(), deviceId, in));
    }

    /** How many one-time pre-keys the device has left. */
    @GET
    @Path("{deviceId}/keys")
    public Envelope<DeviceKeys.Supply> keySupply(@PathParam("deviceId") String deviceId) {
        return caller.ok(keys.supply(caller.appKey(), caller.userId(), deviceId));
    }

    /** Withdraws the device's keys: nobody can start a new encrypted session with it. */
    @DELETE
    @Path("{deviceId}/keys")
    public Envelope<Map<String, Object>> withdrawKeys(@PathParam("deviceId") String deviceId) {
        keys.remove(caller.appKey(), caller.userId(), deviceId);
        return caller.ok(Map.of());
    }

    /** On logout: the device gets no more pushes. */
    @DELETE
    @Path("{deviceId}")
    public Envelope<Map<String, Object>> remove(@PathParam("deviceId") String deviceId) {
        devices.remove(caller.appKey(), caller.userId(), deviceId);
        return caller.ok(Map.of());
    }
}
