import MyCandidateRedis

/// Reads a subscription stream in the background, so a test can wait for a message with a
/// deadline instead of blocking on the stream.
actor MessageCollector {
    private(set) var messages: [RedisMessage] = []
    private(set) var ended = false
    private var reader: Task<Void, Never>?

    /// Starts reading `stream`.
    static func reading(_ stream: AsyncStream<RedisMessage>) async -> MessageCollector {
        let collector = MessageCollector()
        await collector.start(stream)
        return collector
    }

    private func start(_ stream: AsyncStream<RedisMessage>) {
        reader = Task {
            for await message in stream {
                append(message)
            }
            end()
        }
    }

    private func append(_ message: RedisMessage) { messages.append(message) }
    private func end() { ended = true }

    /// Stops reading, which ends the subscription for this stream.
    func cancel() { reader?.cancel() }

    /// Waits until `condition` holds for the messages so far, up to `timeout`; returns whether it did.
    func wait(
        upTo timeout: Duration = .seconds(10),
        for condition: @Sendable ([RedisMessage]) -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(messages) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(messages)
    }

    /// Waits until the stream has ended, up to `timeout`.
    func waitForEnd(upTo timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !ended, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return ended
    }
}
