package com.xuqinmin.im.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One page of a group's members: the owner first, then the admins, then the members, each by join time. */
public final class MemberPage {
    private final List<GroupMember> items;
    private final long total;
    private final int page;
    private final int size;

    private MemberPage(Json.Obj o) {
        List<GroupMember> l = new ArrayList<>();
        for (Json.Obj m : o.objs("items")) {
            l.add(GroupMember.of(m));
        }
        this.items = Collections.unmodifiableList(l);
        this.total = o.lng("total", 0);
        this.page = (int) o.lng("page", 0);
        this.size = (int) o.lng("size", 0);
    }

    static MemberPage of(Json.Obj o) {
        return new MemberPage(o);
    }

    public List<GroupMember> items() {
        return items;
    }

    /** The number of members in all pages. */
    public long total() {
        return total;
    }

    /** The page number, from 0. */
    public int page() {
        return page;
    }

    public int size() {
        return size;
    }
}
