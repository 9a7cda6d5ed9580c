// expect-none
package com.acme.chat.session

// Same package, but mentions nothing the wrapper declares: not impacted.
const val MAX_NAME = 64
