package com.xuqinmin.im.delivery;

/**
 * A fact every node must hear about, fired as a CDI event (one record type per fact) after the
 * change it announces has been committed. Each type is observed by its own methods: this node's
 * session registry writes frames, caches forget entries, and in a cluster {@link ClusterBus} carries
 * the same records to the other nodes, where they are fired again with {@link FromPeer}.
 */
public sealed interface ImEvent permits MessageStored, MessageRevoked, MessageEdited, ConversationRead, MemberLeft,
        GroupDismissed, UserKicked, UserChanged, AppChanged, RelationChanged,
        NoticeStored, SessionsKicked, Typing, PresenceChanged {

    String appKey();
}
