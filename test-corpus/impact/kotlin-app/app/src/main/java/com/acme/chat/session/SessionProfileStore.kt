package com.acme.chat.session

// expect: libsession/kotlin-binding-import, libsession/kotlin-config-wrapper
import network.loki.messenger.libsession_util.MutableUserProfile

/** The app's one wrapper around the libsession profile config. */
// expect: libsession/kotlin-config-wrapper
class SessionProfileStore(private val profile: MutableUserProfile) {
    fun displayName(): String = profile.getName().orEmpty().take(MAX_NAME)

    fun rename(name: String) {
        profile.setName(name.take(MAX_NAME))
    }
}
