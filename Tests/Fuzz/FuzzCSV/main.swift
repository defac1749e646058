import Foundation
import MyCandidateFuzzDriver
import MyCandidateFuzzHarness

/// libFuzzer's entry point: one input, read as a ballot CSV. A broken contract traps, which
/// libFuzzer reports as a crash and keeps the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    if case .unexpected(let description) = FuzzHarness.csv(data) {
        fatalError("the CSV reader broke its contract: \(description)")
    }
    return 0
}

/// The executable's entry point under the name SwiftPM gives it (see ``runFuzzer``).
@_cdecl("FuzzCSV_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, testOneInput: fuzzCSV)
}
