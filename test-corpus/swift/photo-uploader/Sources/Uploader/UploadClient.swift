// expect-none
// A photo uploader: none of this is the Session messenger. "Session" here is
// Apple's URLSession, Alamofire's Session and AVFoundation's capture session.

import Alamofire
import AVFoundation
import Foundation

/// Session configuration shared by every upload (one session per app launch).
final class UploadClient {
    private let session: Session
    private let backgroundSession: URLSession
    private let captureSession = AVCaptureSession()

    init() {
        let configuration = URLSessionConfiguration.background(withIdentifier: "app.uploader.background")
        configuration.sessionSendsLaunchEvents = true
        backgroundSession = URLSession(configuration: configuration)
        session = Session(configuration: .af.default, interceptor: RetryPolicy())
    }

    func ping() async throws -> Int {
        let response = await Session.default.request("https://api.example.com/health").serializingData().response
        return response.response?.statusCode ?? 0
    }

    func upload(_ data: Data, to url: URL) -> DataRequest {
        session.upload(data, to: url, method: .put, headers: ["Content-Type": "image/jpeg"])
    }

    func startPreview() {
        captureSession.beginConfiguration()
        captureSession.sessionPreset = .photo
        captureSession.commitConfiguration()
        captureSession.startRunning()
    }

    func uploadInBackground(file: URL, to url: URL) -> URLSessionUploadTask {
        var request = URLRequest(url: url)
        request.httpMethod = "PUT"
        let task = backgroundSession.uploadTask(with: request, fromFile: file)
        task.resume()
        return task
    }
}
