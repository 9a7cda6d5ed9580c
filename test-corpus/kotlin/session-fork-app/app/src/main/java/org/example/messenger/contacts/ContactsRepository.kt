package org.example.messenger.contacts

import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
// expect: libsession/kotlin-binding-import
import network.loki.messenger.libsession_util.util.*
// expect: protocol/android-session-protos
import org.session.protos.SessionProtos
import javax.inject.Inject
import javax.inject.Singleton

/**
 * Keeps the contact list in a libsession Contacts config. The config object
 * is created with its fully qualified name, so no import line names it.
 */
@Singleton
class ContactsRepository @Inject constructor(
    private val keys: KeyStore,
) {
    private val lock = Mutex()

    // expect: libsession/kotlin-binding-import, libsession/kotlin-config-wrapper
    private val contacts = network.loki.messenger.libsession_util.Contacts(keys.ed25519SecretKey(), keys.loadDump("contacts"))

    // expect: libsession/kotlin-config-wrapper
    suspend fun approve(accountId: String): Contact = lock.withLock {
        val contact = contacts.getOrConstruct(accountId).copy(approved = true, approvedMe = true)
        contacts.set(contact)
        keys.saveDump("contacts", contacts.dump())
        contact
    }

    // expect: libsession/kotlin-config-wrapper
    suspend fun all(): List<Contact> = lock.withLock { contacts.all() }

    // expect: libsession/kotlin-config-wrapper
    fun expiryFor(contact: Contact): ExpiryMode = contact.expiryMode

    fun profileOf(content: SessionProtos.Content): String =
        content.dataMessage.profile.displayName
}

interface KeyStore {
    fun ed25519SecretKey(): ByteArray
    fun loadDump(name: String): ByteArray?
    fun saveDump(name: String, dump: ByteArray)
}
