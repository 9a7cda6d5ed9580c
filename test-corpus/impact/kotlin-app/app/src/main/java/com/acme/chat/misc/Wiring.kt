// expect-none
// Declares com.acme.chat.di although it lives in misc/: packages are
// resolved by declaration, not by directory.
package com.acme.chat.di

import com.acme.chat.session.*

// The wildcard import brings in the package; this file uses only a helper.
object Wiring {
    val banner: String = defaultGreeting()
}
