/// The hand-over to libFuzzer's driver that both fuzz executables make. A target of its own,
/// built only for Tests/Fuzz/run.sh: `LLVMFuzzerRunDriver` exists only in a binary linked with
/// `-sanitize=fuzzer`, and `MyCandidateFuzzHarness` is linked into plain `swift test` too.
///
/// SwiftPM renames a debug executable's entry point to `<module>_main` and points `main` at it
/// (so tests can link the executable). A fuzz executable has no entry point of its own, so it
/// defines that name and calls ``runFuzzer(_:_:testOneInput:)``, which does what libFuzzer's own
/// `main` would have done.
public func runFuzzer(
    _ argc: CInt,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    testOneInput: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt {
    var count = argc
    var arguments = argv
    return libFuzzerRunDriver(&count, &arguments, testOneInput)
}

@_silgen_name("LLVMFuzzerRunDriver")
private func libFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt
