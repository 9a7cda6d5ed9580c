// expect-none
package com.acme.chat.links

import com.acme.chat.nav.Router

object DeepLinks {
    var router: Router? = null

    fun route(url: String): String? = if (url.startsWith("acme://")) url.removePrefix("acme://") else null
}
