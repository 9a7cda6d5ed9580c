// expect-none
package com.acme.chat.ui

import com.acme.chat.session.SessionProfileStore

class ProfileScreen(private val store: SessionProfileStore) {
    fun title(): String = store.displayName()
}
