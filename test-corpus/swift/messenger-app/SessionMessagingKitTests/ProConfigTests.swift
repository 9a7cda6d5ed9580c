import Quick
import Nimble
// expect: libsession/swift-import
import SessionUtil
// expect: sdk/ios-messaging-kit-import
@testable import SessionMessagingKit

class ProConfigTests: QuickSpec {
    override class func spec() {
        describe("the Pro backend request builder") {
            it("produces a signed proof request") {
                let masterKey = [UInt8](repeating: 1, count: 64)
                let rotatingKey = [UInt8](repeating: 2, count: 64)
                // expect: libsession/swift-pro-api
                let request = session_pro_backend_generate_pro_proof_request_to_json(
                    0, masterKey, masterKey.count, rotatingKey, rotatingKey.count, 1_700_000_000
                )
                expect(request.success).to(beTrue())
                // expect: libsession/swift-pro-api
                session_pro_backend_to_json_free(&request)
            }

            it("logs through libsession while building") {
                // expect: libsession/swift-logging-api
                session_add_logger_simple { message, length in
                    print(String(cString: message!))
                }
                // expect: libsession/swift-crypto-api
                expect(session_id_is_valid("05" + String(repeating: "a", count: 64))).to(beTrue())
            }
        }
    }
}
