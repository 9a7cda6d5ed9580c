// expect-none
import SwiftUI

// Same module as Settings, mentions nothing from it: not impacted.
enum Theme {
    static let accent = Color.blue
}
