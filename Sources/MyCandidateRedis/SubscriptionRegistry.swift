import Synchronization

/// Who listens to which channel.
///
/// Behind a lock rather than an actor because messages are delivered straight from the event
/// loop: hopping to an actor per message would need a task each, and tasks may run out of order.
final class SubscriptionRegistry: Sendable {
    typealias Listener = AsyncStream<RedisMessage>.Continuation

    private struct State {
        var nextID = 0
        var listeners: [String: [Int: Listener]] = [:]
    }

    private let state = Mutex(State())

    /// Every channel someone listens to.
    var channels: [String] {
        state.withLock { Array($0.listeners.keys) }
    }

    func hasListeners(_ channel: String) -> Bool {
        state.withLock { $0.listeners[channel] != nil }
    }

    /// Adds a listener to `channels`; returns its id and the channels nobody listened to before.
    func add(_ listener: Listener, to channels: [String]) -> (id: Int, newChannels: [String]) {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            var newChannels: [String] = []
            for channel in channels {
                if state.listeners[channel] == nil { newChannels.append(channel) }
                state.listeners[channel, default: [:]][id] = listener
            }
            return (id, newChannels)
        }
    }

    /// Removes a listener; returns the channels nobody listens to any more.
    func remove(_ id: Int, from channels: [String]) -> [String] {
        state.withLock { state in
            var abandoned: [String] = []
            for channel in channels {
                state.listeners[channel]?[id] = nil
                if state.listeners[channel]?.isEmpty == true {
                    state.listeners[channel] = nil
                    abandoned.append(channel)
                }
            }
            return abandoned
        }
    }

    func deliver(_ message: RedisMessage) {
        let listeners = state.withLock { $0.listeners[message.channel].map { Array($0.values) } ?? [] }
        for listener in listeners { listener.yield(message) }
    }

    /// Ends every stream; used at shutdown.
    func finishAll() {
        let listeners = state.withLock { state in
            let all = state.listeners.values.flatMap(\.values)
            state.listeners = [:]
            return all
        }
        // One listener of several channels appears once per channel; finishing twice is harmless.
        for listener in listeners { listener.finish() }
    }
}
