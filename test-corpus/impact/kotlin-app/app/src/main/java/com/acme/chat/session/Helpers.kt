// expect-none
package com.acme.chat.session

// Same package as the wrapper: it needs no import to use it.
fun greeting(store: SessionProfileStore): String = "Hi, ${store.displayName()}"

fun defaultGreeting(): String = "Hi"
