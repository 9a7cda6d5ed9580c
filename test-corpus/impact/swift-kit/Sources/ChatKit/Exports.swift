// ChatKit hands libsession's C API to every module that imports it.
// expect: libsession/swift-import
@_exported import SessionUtil
