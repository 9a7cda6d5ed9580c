package org.example.bridge;

import java.util.ArrayList;
import java.util.List;

// expect: libsession/kotlin-binding-import, libsession/kotlin-config-wrapper
import network.loki.messenger.libsession_util.UserProfile;
// expect: libsession/kotlin-binding-import, libsession/kotlin-config-wrapper
import network.loki.messenger.libsession_util.UserGroupsConfig;
// expect: libsession/kotlin-binding-import
import network.loki.messenger.libsession_util.util.*;

/** Owns the user's libsession configs for the Java side of the bridge. */
public final class ConfigStore implements AutoCloseable {
    // expect: libsession/kotlin-config-wrapper
    private final UserProfile profile;
    // expect: libsession/kotlin-config-wrapper
    private final UserGroupsConfig groups;
    // expect: libsession/kotlin-binding-import, libsession/kotlin-config-wrapper
    private final network.loki.messenger.libsession_util.GroupInfoConfig groupInfo;

    public ConfigStore(byte[] secretKey, byte[] groupPubKey, byte[] profileDump, byte[] groupsDump) {
        NativeLoader.ensureLoaded();
        // expect: libsession/kotlin-config-wrapper
        this.profile = new UserProfile(secretKey, profileDump);
        // expect: libsession/kotlin-config-wrapper
        this.groups = new UserGroupsConfig(secretKey, groupsDump);
        // expect: libsession/kotlin-binding-import, libsession/kotlin-config-wrapper
        this.groupInfo = new network.loki.messenger.libsession_util.GroupInfoConfig(groupPubKey, null, null);
    }

    public String displayName() {
        String name = profile.getName();
        return name == null ? "" : name;
    }

    // expect: libsession/kotlin-config-wrapper
    public List<GroupInfo.ClosedGroupInfo> closedGroups() {
        // expect: libsession/kotlin-config-wrapper
        List<GroupInfo.ClosedGroupInfo> out = new ArrayList<>();
        // expect: libsession/kotlin-config-wrapper
        for (GroupInfo info : groups.all()) {
            // expect: libsession/kotlin-config-wrapper
            if (info instanceof GroupInfo.ClosedGroupInfo) {
                // expect: libsession/kotlin-config-wrapper
                out.add((GroupInfo.ClosedGroupInfo) info);
            }
        }
        return out;
    }

    public String groupName() {
        return groupInfo.getName();
    }

    @Override
    public void close() {
        profile.free();
        groups.free();
        groupInfo.free();
    }
}
