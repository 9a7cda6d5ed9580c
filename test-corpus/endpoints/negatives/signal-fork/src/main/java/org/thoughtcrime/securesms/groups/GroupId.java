// expect-none
// A Signal fork keeps Signal's group-id prefix and libsignal's 0x05-prefixed
// Curve25519 keys; neither is Session (catalog §7.2, §7.7).
package org.thoughtcrime.securesms.groups;

import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.SessionCipher;

public final class GroupId {
  private static final String ENCODED_SIGNAL_GROUP_PREFIX = "__textsecure_group__!";

  // A serialized DJB identity key from a libsignal test vector.
  static final String TEST_IDENTITY_KEY =
      "05c2ed9a3c1fd1b68f1ba0bc5ab1bbc4a4dc9e1a4f5a6f2ff20d6a1e19ef56f0a1";

  private final String encoded;

  private GroupId(String encoded) {
    this.encoded = encoded;
  }

  public static GroupId parse(String s) {
    if (!s.startsWith(ENCODED_SIGNAL_GROUP_PREFIX)) throw new IllegalArgumentException(s);
    return new GroupId(s);
  }
}
