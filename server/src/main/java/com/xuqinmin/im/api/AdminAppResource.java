package com.xuqinmin.im.api;

import com.xuqinmin.im.account.AppService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Server API: the settings of the calling app that its back-end may change (API.md §3): the social
 * policy and the edit window. Everything else about an app is the tenant console's ({@code /api/apps}).
 */
@Path("/im/admin/app/settings")
@Signed
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminAppResource {

    /**
     * The app's social and device policies and edit window:
     * {@code {"addFriend","messaging","devicePolicy","editWindowSeconds"}} ({@code editWindowSeconds}
     * null: the server default); in a change, absent fields stay.
     */
    public record SettingsIo(String addFriend, String messaging, String devicePolicy, Long editWindowSeconds) {
        static SettingsIo of(AppService.AppView a) {
            return new SettingsIo(a.addFriend(), a.messaging(), a.devicePolicy(), a.editWindowSeconds());
        }
    }

    @Inject
    Caller caller;

    @Inject
    AppService apps;

    @GET
    public Envelope<SettingsIo> get() {
        return caller.ok(SettingsIo.of(apps.get(null, caller.appKey())));
    }

    @PUT
    public Envelope<SettingsIo> update(SettingsIo in) {
        SettingsIo s = in == null ? new SettingsIo(null, null, null, null) : in;
        return caller.ok(SettingsIo.of(apps.update(null, caller.appKey(),
                AppService.Settings.serverApi(s.addFriend(), s.messaging(), s.devicePolicy(),
                        s.editWindowSeconds()))));
    }
}
