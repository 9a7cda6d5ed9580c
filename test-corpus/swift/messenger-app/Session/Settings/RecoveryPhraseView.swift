import SwiftUI
// expect: sdk/ios-ui-kit-import
import SessionUIKit
// expect: sdk/ios-signal-utilities-kit-import
import SignalUtilitiesKit
// expect: sdk/ios-utilities-kit-import
import SessionUtilitiesKit

/// Shows the account's recovery phrase with a copy button.
struct RecoveryPhraseView: View {
    let seed: Data
    @State private var copied = false

    var body: some View {
        VStack(spacing: Values.mediumSpacing) {
            Text("Recovery password")
                .font(.Headings.H6)
            // expect: identity/ios-session-id
            Text(Mnemonic.encode(hexEncodedString: seed.toHexString()))
                .font(.system(.body, design: .monospaced))
                .padding()
            Button(copied ? "Copied" : "Copy") {
                // expect: identity/ios-session-id
                UIPasteboard.general.string = Mnemonic.encode(hexEncodedString: seed.toHexString())
                copied = true
            }
            .buttonStyle(SessionButtonStyle(variant: .bordered))
        }
        .background(themeColor: .backgroundPrimary)
    }
}
