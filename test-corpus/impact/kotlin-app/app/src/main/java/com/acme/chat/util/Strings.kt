// expect-none
package com.acme.chat.util

fun String.ellipsize(max: Int): String = if (length <= max) this else take(max - 1) + "…"
