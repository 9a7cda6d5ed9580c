// expect-none
import ChatKit

// Uses the wrapper class only.
struct Settings {
    let profile: ProfileStore
    var title: String { "Settings for \(profile.name)" }
}
