import Foundation
import MyCandidateFuzzHarness

/// libFuzzer's entry point: one input, read as a seed workbook. A broken contract traps, which
/// libFuzzer reports as a crash and keeps the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXLSX(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    if case .unexpected(let description) = FuzzHarness.xlsx(data) {
        fatalError("the .xlsx reader broke its contract: \(description)")
    }
    return 0
}

/// SwiftPM renames a debug executable's entry point to `<module>_main` and points `main` at it
/// (so tests can link the executable); this module has no entry point of its own, so that name
/// hands over to libFuzzer's driver, which is what libFuzzer's `main` would have run.
@_cdecl("FuzzXLSX_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzXLSX)
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt
