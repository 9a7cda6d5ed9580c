package org.example.messenger.profile

import android.app.Application
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import dagger.hilt.android.lifecycle.HiltViewModel
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
// The app's own namespace (R, BuildConfig) is not the libsession binding.
import network.loki.messenger.R
// expect: libsession/kotlin-binding-import, libsession/kotlin-config-wrapper
import network.loki.messenger.libsession_util.UserProfile as LibUserProfile
// expect: libsession/kotlin-binding-import, libsession/kotlin-config-wrapper
import network.loki.messenger.libsession_util.ConversationVolatileConfig
// expect: libsession/kotlin-binding-import, libsession/kotlin-config-wrapper
import network.loki.messenger.libsession_util.util.UserPic
// expect: sdk/android-libsession-utilities
import org.session.libsession.utilities.TextSecurePreferences
// expect: identity/android-session-libsignal
import org.session.libsignal.utilities.AccountId
// Signal's package name survives in Session forks; on its own it is not Session.
import org.thoughtcrime.securesms.dependencies.ConfigFactory
import javax.inject.Inject

/** State of the profile screen: display name, avatar and the account ID to share. */
data class ProfileState(
    val displayName: String = "",
    val avatarUrl: String? = null,
    val accountId: String = "",
    val unreadConversations: Int = 0,
)

@HiltViewModel
class ProfileViewModel @Inject constructor(
    application: Application,
    private val configFactory: ConfigFactory,
    private val prefs: TextSecurePreferences,
) : AndroidViewModel(application) {

    private val _state = MutableStateFlow(ProfileState())
    val state: StateFlow<ProfileState> = _state.asStateFlow()

    init {
        refresh()
    }

    fun refresh() {
        viewModelScope.launch(Dispatchers.IO) {
            val name = configFactory.withUserConfigs { it.userProfile.getName() }.orEmpty()
            val pic = configFactory.withUserConfigs { it.userProfile.getPic() }
            val unread = configFactory.withUserConfigs { configs ->
                configs.convoInfoVolatile.all().count { it.unread }
            }
            _state.value = ProfileState(
                displayName = name,
                avatarUrl = pic.url.takeIf { it.isNotBlank() },
                accountId = prefs.getLocalNumber().orEmpty(),
                unreadConversations = unread,
            )
        }
    }

    fun rename(newName: String) {
        viewModelScope.launch(Dispatchers.IO) {
            configFactory.withMutableUserConfigs { it.userProfile.setName(newName) }
            refresh()
        }
    }

    fun clearAvatar() {
        viewModelScope.launch(Dispatchers.IO) {
            // expect: libsession/kotlin-config-wrapper
            configFactory.withMutableUserConfigs { it.userProfile.setPic(UserPic.DEFAULT) }
            refresh()
        }
    }

    /**
     * Validates an account ID typed by the user before opening a chat. The
     * import line above is the finding for org.session.libsignal; its uses
     * are not reported one by one.
     */
    fun isValidAccountId(input: String): Boolean = AccountId.fromStringOrNull(input.trim()) != null

    /**
     * Restores a profile from a config dump taken before reinstalling. The
     * aliased import at the top of the file is what makes this a libsession
     * call, far from where it is used.
     */
    fun restoreFromDump(ed25519SecretKey: ByteArray, dump: ByteArray): String? {
        // expect: libsession/kotlin-config-wrapper
        val restored = LibUserProfile(ed25519SecretKey, dump)
        return try {
            restored.getName()
        } finally {
            restored.free()
        }
    }

    // expect: libsession/kotlin-config-wrapper
    private fun countPinned(config: ConversationVolatileConfig): Int =
        config.all().count { it.lastRead > 0 }
}
