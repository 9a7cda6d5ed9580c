// expect-none
package com.acme.chat.nav

import com.acme.chat.links.DeepLinks
import com.acme.chat.ui.ProfileScreen

// Router and DeepLinks import each other (a cycle).
class Router(private val profile: ProfileScreen) {
    fun open(url: String): String = DeepLinks.route(url) ?: profile.title()
}
